git switch release/1.4
git cherry-pick -n main~1

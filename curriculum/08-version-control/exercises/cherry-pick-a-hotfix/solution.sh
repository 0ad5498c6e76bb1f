git log --oneline main
git switch release/1.4
git cherry-pick main~1
git log --oneline

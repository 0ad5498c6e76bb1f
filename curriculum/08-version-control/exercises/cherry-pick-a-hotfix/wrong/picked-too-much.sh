git switch release/1.4
git cherry-pick main~2 main~1

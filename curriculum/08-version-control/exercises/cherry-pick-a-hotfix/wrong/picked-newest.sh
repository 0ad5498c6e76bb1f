git switch release/1.4
git cherry-pick main

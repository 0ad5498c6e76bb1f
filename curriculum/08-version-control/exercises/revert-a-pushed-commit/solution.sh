git log --oneline
git revert --no-edit HEAD~1
git log --oneline

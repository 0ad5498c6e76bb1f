git revert --no-edit HEAD HEAD~1

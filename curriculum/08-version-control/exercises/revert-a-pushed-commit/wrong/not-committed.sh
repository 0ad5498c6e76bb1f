git revert --no-commit HEAD~1

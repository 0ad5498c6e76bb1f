git revert -n HEAD~1
git commit -m 'Revert "Add discount codes"'

git revert -n HEAD~1
git commit -m "Remove discount codes"

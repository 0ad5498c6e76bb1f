git reset --soft HEAD~2
git commit --amend -m "Add response cache"

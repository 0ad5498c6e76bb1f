git log --oneline
git reset --soft HEAD~2
git status
git commit -m "Add response cache"

git reset --soft HEAD~1
git commit -m "Add response cache"

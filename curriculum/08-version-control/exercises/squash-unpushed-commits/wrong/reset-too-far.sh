git reset --soft HEAD~3
git commit -m "Add response cache"

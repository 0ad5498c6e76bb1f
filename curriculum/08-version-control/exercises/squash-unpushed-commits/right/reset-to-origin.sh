git reset --soft origin/main
git commit -m "Add response cache"

git reset HEAD~2
git add cache.py
git commit -m "Add response cache"

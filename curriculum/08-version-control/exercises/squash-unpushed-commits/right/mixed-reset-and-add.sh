git reset HEAD~2
git status
git add cache.py catalogue.py
git commit -m "Add response cache"

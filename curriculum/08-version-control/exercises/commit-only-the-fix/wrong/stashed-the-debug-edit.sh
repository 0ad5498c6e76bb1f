git stash push settings.py
git add orders.py
git commit -m "Fix order total rounding"

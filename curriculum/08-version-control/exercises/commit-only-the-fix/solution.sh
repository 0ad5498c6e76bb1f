git status
git diff orders.py
git add orders.py
git commit -m "Fix order total rounding"
git status

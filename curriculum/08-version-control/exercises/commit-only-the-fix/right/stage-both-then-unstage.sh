git add orders.py settings.py
git restore --staged settings.py
git commit -m "Fix order total rounding"

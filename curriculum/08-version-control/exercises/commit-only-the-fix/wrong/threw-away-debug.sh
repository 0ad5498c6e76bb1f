git add orders.py
git commit -m "Fix order total rounding"
git restore settings.py

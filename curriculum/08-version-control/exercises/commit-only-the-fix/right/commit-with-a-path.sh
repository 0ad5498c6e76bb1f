git diff
git commit orders.py -m "Fix order total rounding"

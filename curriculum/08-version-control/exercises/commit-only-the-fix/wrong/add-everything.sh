git add .
git commit -m "Fix order total rounding"

git commit -a -m "Fix order total rounding"

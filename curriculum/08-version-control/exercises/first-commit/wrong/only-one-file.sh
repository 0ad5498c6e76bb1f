git add app.py
git commit -m "Initial commit"

git add app.py requirements.txt README.md
git commit -m "Initial commit."

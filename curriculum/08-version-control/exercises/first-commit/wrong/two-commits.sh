git add app.py
git commit -m "Initial commit"
git add requirements.txt README.md
git commit -m "Add the other files"

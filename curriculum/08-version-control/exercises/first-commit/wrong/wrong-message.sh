git add .
git commit -m "first commit"

echo __pycache__ > .gitignore
echo /.env >> .gitignore
echo "*.log" >> .gitignore
git add .
git status
git commit -m "Add .gitignore and requirements"

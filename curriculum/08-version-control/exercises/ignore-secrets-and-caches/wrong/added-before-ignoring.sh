git add .
git commit -m "Add .gitignore and requirements"
echo .env > .gitignore
echo "*.log" >> .gitignore
echo __pycache__/ >> .gitignore
git add .gitignore
git commit -m "Add .gitignore and requirements"

echo .env/ > .gitignore
echo "*.log" >> .gitignore
echo __pycache__/ >> .gitignore
git add .gitignore requirements.txt
git commit -m "Add .gitignore and requirements"

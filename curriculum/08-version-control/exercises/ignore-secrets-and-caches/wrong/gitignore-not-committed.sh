echo .env > .gitignore
echo "*.log" >> .gitignore
echo __pycache__/ >> .gitignore
git add requirements.txt
git commit -m "Add .gitignore and requirements"

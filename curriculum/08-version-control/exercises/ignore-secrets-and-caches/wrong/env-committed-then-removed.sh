git add .env requirements.txt
git commit -m "Add .gitignore and requirements"
git rm --cached .env
echo .env > .gitignore
echo "*.log" >> .gitignore
echo __pycache__/ >> .gitignore
git add .gitignore
git commit --amend -m "Add .gitignore and requirements"

echo .env > .gitignore
echo "*.log" >> .gitignore
echo __pycache__/app.cpython-312.pyc >> .gitignore
git add .gitignore requirements.txt
git commit -m "Add .gitignore and requirements"

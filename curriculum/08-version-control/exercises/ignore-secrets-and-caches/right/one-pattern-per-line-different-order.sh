echo '*.log' > .gitignore
echo .env >> .gitignore
echo '**/__pycache__/' >> .gitignore
git add .gitignore
git add requirements.txt
git commit -m "Add .gitignore and requirements"

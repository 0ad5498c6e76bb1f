git add -A
git status --short
git commit --message "Initial commit"

git add .
git commit --amend --message "Add pagination to /orders"

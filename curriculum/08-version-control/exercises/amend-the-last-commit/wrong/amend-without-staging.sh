git commit --amend -m "Add pagination to /orders"

git add test_pagination.py
git commit --amend -m "Add pagination to /orders"
git log --oneline

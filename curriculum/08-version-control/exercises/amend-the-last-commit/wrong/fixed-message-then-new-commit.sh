git commit --amend -m "Add pagination to /orders"
git add test_pagination.py
git commit -m "Add pagination tests"

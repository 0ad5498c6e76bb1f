git add test_pagination.py
git commit -m "Add pagination to /orders"

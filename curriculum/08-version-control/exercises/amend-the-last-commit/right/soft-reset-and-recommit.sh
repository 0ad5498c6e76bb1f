git reset --soft HEAD~1
git add test_pagination.py
git commit -m "Add pagination to /orders"

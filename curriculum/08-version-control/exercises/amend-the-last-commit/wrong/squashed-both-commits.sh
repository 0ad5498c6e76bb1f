git reset --soft HEAD~2
git add test_pagination.py
git commit -m "Add pagination to /orders"

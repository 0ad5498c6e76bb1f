git add test_pagination.py
git commit --amend --no-edit

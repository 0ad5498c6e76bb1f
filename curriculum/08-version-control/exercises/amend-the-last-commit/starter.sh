# Put test_pagination.py into the last commit and fix its message to:
# Add pagination to /orders
# Do not add a new commit: replace the last one.

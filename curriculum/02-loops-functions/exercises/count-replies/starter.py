def count_replies(comment):
    """Return the number of replies below comment, at every depth."""
    # Your code here

def is_balanced(text):
    """Return True when every (, [ and { in text is closed in the right order."""
    # Your code here
    return None

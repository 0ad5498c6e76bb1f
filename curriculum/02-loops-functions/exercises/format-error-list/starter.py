def format_errors(errors, start=1):
    """Return the messages as numbered lines, numbering from start."""
    # Your code here
    return ""

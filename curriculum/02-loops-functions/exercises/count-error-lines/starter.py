def count_errors(lines):
    """Return how many log lines have the level ERROR."""
    # Your code here

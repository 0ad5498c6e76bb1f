from collections import Counter


def top_paths(lines, n):
    """Return the n most requested paths as (path, count) tuples."""
    # Your code here
    return None

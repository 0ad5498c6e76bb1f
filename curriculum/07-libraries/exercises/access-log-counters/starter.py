from collections import Counter, defaultdict


def top_paths(lines, n=3):
    """The n most requested paths as (path, count) tuples, most requested first."""
    # Your code here
    return []


def errors_by_client(lines):
    """Map each client IP with errors (status >= 400) to the paths that failed."""
    # Your code here
    return {}

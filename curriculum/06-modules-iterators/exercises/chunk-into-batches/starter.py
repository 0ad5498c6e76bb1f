from itertools import islice


def chunked(iterable, size):
    """Yield tuples of up to `size` items from iterable, lazily."""
    # Your code here
    return []

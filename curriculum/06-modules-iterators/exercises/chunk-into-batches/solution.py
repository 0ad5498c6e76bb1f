from itertools import islice


def chunked(iterable, size):
    """Yield tuples of up to `size` items from iterable, lazily."""
    if size < 1:
        raise ValueError("size must be at least 1")
    it = iter(iterable)
    while True:
        chunk = tuple(islice(it, size))
        if not chunk:
            return
        yield chunk

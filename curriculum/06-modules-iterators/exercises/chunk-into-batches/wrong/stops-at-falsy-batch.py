from itertools import islice


def chunked(iterable, size):
    if size < 1:
        raise ValueError("size must be at least 1")
    it = iter(iterable)
    while True:
        chunk = tuple(islice(it, size))
        if not any(chunk):
            return
        yield chunk

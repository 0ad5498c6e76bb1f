def chunked(iterable, size):
    if size < 1:
        raise ValueError("size must be at least 1")
    for start in range(0, len(iterable), size):
        yield tuple(iterable[start:start + size])

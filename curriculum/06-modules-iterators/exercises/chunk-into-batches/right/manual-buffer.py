def chunked(iterable, size):
    if size < 1:
        raise ValueError(f"size must be >= 1, got {size}")
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) == size:
            yield tuple(batch)
            batch = []
    if batch:
        yield tuple(batch)

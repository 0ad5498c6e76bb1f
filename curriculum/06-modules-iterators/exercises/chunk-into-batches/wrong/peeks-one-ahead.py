from itertools import islice

_END = object()


def chunked(iterable, size):
    if size < 1:
        raise ValueError("size must be at least 1")
    it = iter(iterable)
    upcoming = next(it, _END)
    while upcoming is not _END:
        chunk = (upcoming,) + tuple(islice(it, size - 1))
        upcoming = next(it, _END)  # look ahead to know whether another batch follows
        yield chunk

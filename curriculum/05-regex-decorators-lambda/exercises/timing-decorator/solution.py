import functools
import time


def timed(func):
    """Decorator: record how long each call to func takes in wrapper.timings."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            wrapper.timings.append(time.perf_counter() - start)

    wrapper.timings = []
    return wrapper

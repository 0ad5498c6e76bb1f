import functools
import time


def timed(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            wrapper.timings.append((time.perf_counter() - start) * 1000)

    wrapper.timings = []
    return wrapper

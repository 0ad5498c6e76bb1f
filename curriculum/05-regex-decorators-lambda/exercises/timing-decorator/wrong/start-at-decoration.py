import functools
import time


def timed(func):
    start = time.perf_counter()

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        finally:
            wrapper.timings.append(time.perf_counter() - start)

    wrapper.timings = []
    return wrapper

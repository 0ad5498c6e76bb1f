import functools
import time


def timed(func):
    @functools.wraps(func)
    def wrapper(*args):
        start = time.perf_counter()
        try:
            return func(*args)
        finally:
            wrapper.timings.append(time.perf_counter() - start)

    wrapper.timings = []
    return wrapper

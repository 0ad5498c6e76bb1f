import functools
import time

TIMINGS = []


def timed(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            TIMINGS.append(time.perf_counter() - start)

    wrapper.timings = TIMINGS
    return wrapper

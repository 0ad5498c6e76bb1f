import functools
import time


def timed(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        func(*args, **kwargs)
        wrapper.timings.append(time.perf_counter() - start)
        return func(*args, **kwargs)

    wrapper.timings = []
    return wrapper

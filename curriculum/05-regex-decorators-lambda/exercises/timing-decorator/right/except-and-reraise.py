from functools import update_wrapper
from time import perf_counter


def timed(func):
    timings = []

    def wrapper(*args, **kwargs):
        began = perf_counter()
        try:
            result = func(*args, **kwargs)
        except BaseException:
            timings.append(perf_counter() - began)
            raise
        timings.append(perf_counter() - began)
        return result

    update_wrapper(wrapper, func)
    wrapper.timings = timings
    return wrapper

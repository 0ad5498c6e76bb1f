import functools


def retry(times=3, exceptions=(ConnectionError, TimeoutError)):
    if times < 1:
        raise ValueError("times must be at least 1")

    def decorator(func):
        remaining = times

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            nonlocal remaining
            last_error = None
            while remaining > 0:
                remaining -= 1
                try:
                    return func(*args, **kwargs)
                except exceptions as error:
                    last_error = error
            raise last_error

        return wrapper

    return decorator

import functools


def retry(times=3, exceptions=(ConnectionError, TimeoutError)):
    if times < 1:
        raise ValueError("times must be at least 1")

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for _ in range(times):
                try:
                    return func(*args, **kwargs)
                except exceptions:
                    continue
            return None

        return wrapper

    return decorator

from functools import wraps
def retry(times=3, exceptions=(ConnectionError, TimeoutError)):
    if times < 1:
        raise ValueError("times must be at least 1")
    def decorator(func):
        @wraps(func)
        def wrapper(*args, **kwargs):
            left = times
            while True:
                left -= 1
                try:
                    return func(*args, **kwargs)
                except exceptions:
                    if left == 0:
                        raise
        return wrapper
    return decorator

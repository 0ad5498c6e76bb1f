from functools import wraps


def retry(times=3, exceptions=(ConnectionError, TimeoutError)):
    if times < 1:
        raise ValueError(f"times must be >= 1, got {times}")

    def decorator(func):
        @wraps(func)
        def wrapper(*args, **kwargs):
            attempt = 1
            while True:
                try:
                    return func(*args, **kwargs)
                except Exception as error:
                    if not isinstance(error, exceptions) or attempt >= times:
                        raise
                attempt += 1

        return wrapper

    return decorator

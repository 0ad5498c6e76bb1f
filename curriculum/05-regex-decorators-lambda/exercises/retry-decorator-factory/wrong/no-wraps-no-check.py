def retry(times=3, exceptions=(ConnectionError, TimeoutError)):
    def decorator(func):
        def wrapper(*args, **kwargs):
            last_error = None
            for _ in range(times):
                try:
                    return func(*args, **kwargs)
                except exceptions as error:
                    last_error = error
            raise last_error

        return wrapper

    return decorator

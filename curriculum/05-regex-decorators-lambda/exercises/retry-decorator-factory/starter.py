import functools


def retry(times=3, exceptions=(ConnectionError, TimeoutError)):
    """Decorator factory: call the function up to `times` times while it raises `exceptions`."""
    # Your code here
    pass

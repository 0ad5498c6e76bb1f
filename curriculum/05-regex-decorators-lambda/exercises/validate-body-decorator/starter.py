import functools


def validate_body(**fields):
    """Decorator factory: check body fields against the declared types before calling the handler."""
    # Your code here
    pass

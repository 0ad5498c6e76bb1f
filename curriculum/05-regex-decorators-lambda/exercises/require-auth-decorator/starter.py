import functools

TOKENS = {"t-ann": "ann", "t-bob": "bob"}


def require_auth(handler):
    """Decorator: call handler(request, user, ...) only for a valid Bearer token, else 401."""
    # Your code here
    return handler

import functools

TOKENS = {"t-ann": "ann", "t-bob": "bob"}


def unauthorized():
    """A fresh 401 answer each time: a caller that edits one body cannot change the next."""
    return 401, {"error": "unauthorized"}


def require_auth(handler):
    """Decorator: call handler(request, user, ...) only for a valid Bearer token, else 401."""

    @functools.wraps(handler)
    def wrapper(request, *args, **kwargs):
        header = request.get("headers", {}).get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or token not in TOKENS:
            return unauthorized()
        return handler(request, TOKENS[token], *args, **kwargs)

    return wrapper

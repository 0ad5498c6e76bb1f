import functools

TOKENS = {"t-ann": "ann", "t-bob": "bob"}


def unauthorized():
    return 401, {"error": "unauthorized"}


def require_auth(handler):
    @functools.wraps(handler)
    def wrapper(request, *args, **kwargs):
        header = request.get("headers", {}).get("Authorization", "")
        parts = header.split()
        scheme, token = (parts + ["", ""])[:2] if len(parts) <= 2 else ("", "")
        if scheme.lower() != "bearer" or token not in TOKENS:
            return unauthorized()
        return handler(request, TOKENS[token], *args, **kwargs)

    return wrapper

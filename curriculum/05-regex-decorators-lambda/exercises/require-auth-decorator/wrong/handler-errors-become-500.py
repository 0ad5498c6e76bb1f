import functools

TOKENS = {"t-ann": "ann", "t-bob": "bob"}


def unauthorized():
    return 401, {"error": "unauthorized"}


def require_auth(handler):
    @functools.wraps(handler)
    def wrapper(request, *args, **kwargs):
        header = request.get("headers", {}).get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or token not in TOKENS:
            return unauthorized()
        try:
            return handler(request, TOKENS[token], *args, **kwargs)
        except Exception:
            return 500, {"error": "internal"}

    return wrapper

import functools

TOKENS = {"t-ann": "ann", "t-bob": "bob"}


def require_auth(handler):
    @functools.wraps(handler)
    def wrapper(request, *args, **kwargs):
        header = request.get("headers", {}).get("Authorization", "")
        if not header.startswith("Bearer "):
            return 401, {"error": "unauthorized"}
        token = header[len("Bearer "):]
        return handler(request, TOKENS.get(token), *args, **kwargs)

    return wrapper

import functools

TOKENS = {"t-ann": "ann", "t-bob": "bob"}


def require_auth(handler):
    @functools.wraps(handler)
    def wrapper(request, *args, **kwargs):
        header = request.get("headers", {}).get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme != "Bearer" or token not in TOKENS:
            return 403, {"error": "forbidden"}
        return handler(request, TOKENS[token], *args, **kwargs)

    return wrapper

import functools

TOKENS = {"t-ann": "ann", "t-bob": "bob"}


def require_auth(handler):
    @functools.wraps(handler)
    def wrapper(request):
        header = request.get("headers", {}).get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme != "Bearer" or token not in TOKENS:
            return 401, {"error": "unauthorized"}
        return handler(request, TOKENS[token])

    return wrapper

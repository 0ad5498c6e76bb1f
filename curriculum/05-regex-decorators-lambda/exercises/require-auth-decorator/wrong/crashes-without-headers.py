TOKENS = {"t-ann": "ann", "t-bob": "bob"}


def require_auth(handler):
    def wrapper(request, *args, **kwargs):
        header = request["headers"].get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme != "Bearer" or token not in TOKENS:
            return 401, {"error": "unauthorized"}
        return handler(request, TOKENS[token], *args, **kwargs)

    return wrapper

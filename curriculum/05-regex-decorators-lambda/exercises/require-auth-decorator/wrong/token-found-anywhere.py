import functools

TOKENS = {"t-ann": "ann", "t-bob": "bob"}


def unauthorized():
    return 401, {"error": "unauthorized"}


def require_auth(handler):
    @functools.wraps(handler)
    def wrapper(request, *args, **kwargs):
        header = request.get("headers", {}).get("Authorization", "")
        scheme, _, token = header.partition(" ")
        for token, user in TOKENS.items():
            if scheme.lower() == "bearer" and header.endswith(token):
                return handler(request, user, *args, **kwargs)
        return unauthorized()

    return wrapper

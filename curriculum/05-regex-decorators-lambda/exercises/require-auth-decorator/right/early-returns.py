from functools import wraps

TOKENS = {"t-ann": "ann", "t-bob": "bob"}


def require_auth(handler):
    @wraps(handler)
    def wrapper(request, *args, **kwargs):
        headers = request.get("headers") or {}
        value = headers.get("Authorization")
        if not value or " " not in value:
            return 401, {"error": "unauthorized"}
        scheme, token = value.split(" ", 1)
        if scheme.casefold() != "bearer":
            return 401, {"error": "unauthorized"}
        user = TOKENS.get(token)
        if user is None:
            return 401, {"error": "unauthorized"}
        return handler(request, user, *args, **kwargs)

    return wrapper

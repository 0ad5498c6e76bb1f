import functools, re
TOKENS = {"t-ann": "ann", "t-bob": "bob"}
_BEARER = re.compile(r"(?i:bearer) ([^ ]+)")
def require_auth(handler):
    @functools.wraps(handler)
    def wrapper(request, *args, **kwargs):
        headers = request.get("headers") or {}
        found = _BEARER.fullmatch(headers.get("Authorization", "") or "")
        user = TOKENS.get(found.group(1)) if found else None
        if user is None:
            return 401, {"error": "unauthorized"}
        return handler(request, user, *args, **kwargs)
    return wrapper

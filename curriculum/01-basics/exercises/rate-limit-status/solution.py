def rate_limit_status(used, limit, role):
    """Return 200 if the request is allowed, 429 if the client is over its limit."""
    if role == "admin":
        return 200
    if limit is None:
        return 200
    if used < limit:
        return 200
    return 429

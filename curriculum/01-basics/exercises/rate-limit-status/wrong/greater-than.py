def rate_limit_status(used, limit, role):
    if role == "admin" or limit is None:
        return 200
    if used > limit:
        return 429
    return 200

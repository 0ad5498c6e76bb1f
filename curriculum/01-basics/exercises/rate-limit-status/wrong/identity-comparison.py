def rate_limit_status(used, limit, role):
    if role is "admin" or limit is None or used < limit:
        return 200
    return 429

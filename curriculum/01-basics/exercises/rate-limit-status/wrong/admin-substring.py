def rate_limit_status(used, limit, role):
    if "admin" in role:
        return 200
    if limit is None:
        return 200
    if used < limit:
        return 200
    return 429

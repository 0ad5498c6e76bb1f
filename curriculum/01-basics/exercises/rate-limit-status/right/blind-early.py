def rate_limit_status(used, limit, role):
    throttled = role != "admin" and limit is not None and not (used < limit)
    return 429 if throttled else 200

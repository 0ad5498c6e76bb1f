def rate_limit_status(used, limit, role):
    if role.strip().lower() == "admin":
        return 200
    if limit is None or used < limit:
        return 200
    return 429

def rate_limit_status(used, limit, role):
    allowed = role == "admin" or limit is None or used < limit
    return 200 if allowed else 429

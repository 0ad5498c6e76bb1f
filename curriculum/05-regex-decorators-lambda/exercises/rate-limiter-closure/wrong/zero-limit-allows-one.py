def make_rate_limiter(limit, window):
    usage = {}

    def allow(client, now):
        current = now // window
        if client not in usage or usage[client][0] != current:
            usage[client] = (current, 1)
            return True
        seen, used = usage[client]
        if used >= limit:
            return False
        usage[client] = (current, used + 1)
        return True

    return allow

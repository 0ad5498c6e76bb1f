def make_rate_limiter(limit, window):
    usage = {}  # client -> [start, used]

    def allow(client, now):
        start, used = usage.get(client, (now, 0))
        if now - start >= window:
            start, used = now, 0
        if used >= limit:
            usage[client] = (start, used)
            return False
        usage[client] = (start, used + 1)
        return True

    return allow

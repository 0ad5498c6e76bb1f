def make_rate_limiter(limit, window):
    """Return allow(client, now): True while the client is under `limit` requests in this window."""
    usage = {}  # client -> (window number, requests used in that window)

    def allow(client, now):
        current = int(now // window)
        seen_window, used = usage.get(client, (current, 0))
        if seen_window != current:
            used = 0
        if used >= limit:
            usage[client] = (current, used)
            return False
        usage[client] = (current, used + 1)
        return True

    return allow

def make_rate_limiter(limit, window):
    usage = {}

    def allow(client, now):
        current = int(now) // window
        seen_window, used = usage.get(client, (current, 0))
        if seen_window != current:
            used = 0
        if used >= limit:
            return False
        usage[client] = (current, used + 1)
        return True

    return allow

def make_rate_limiter(limit, window):
    counts = {}

    def allow(client, now):
        counts[client] = counts.get(client, 0) + 1
        return counts[client] <= limit

    return allow

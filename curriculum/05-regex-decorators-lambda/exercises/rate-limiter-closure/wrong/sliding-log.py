def make_rate_limiter(limit, window):
    history = {}

    def allow(client, now):
        recent = [t for t in history.get(client, []) if now - t < window]
        if len(recent) >= limit:
            history[client] = recent
            return False
        recent.append(now)
        history[client] = recent
        return True

    return allow

def make_rate_limiter(limit, window):
    state = {"window": None, "used": 0}

    def allow(client, now):
        current = int(now // window)
        if state["window"] != current:
            state["window"] = current
            state["used"] = 0
        if state["used"] >= limit:
            return False
        state["used"] += 1
        return True

    return allow

def make_rate_limiter(limit, window):
    seen = {}
    def allow(client, now):
        bucket = int(now // window)
        last_bucket, used = seen.get(client, (bucket, 0))
        if last_bucket != bucket:
            used = 0
        if used >= limit:
            seen[client] = (bucket, used)
            return False
        seen[client] = (bucket, used + 1)
        return True
    return allow

def make_rate_limiter(limit, window):
    """Return allow(client, now): True while the client is under `limit` requests in this window."""
    # Your code here
    return None

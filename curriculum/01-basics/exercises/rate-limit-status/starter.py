def rate_limit_status(used, limit, role):
    """Return 200 if the request is allowed, 429 if the client is over its limit."""
    # Your code here

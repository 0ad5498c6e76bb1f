from collections import deque


def allowed_requests(times, limit, window):
    """Return, for each request time, whether a sliding-window limiter allows it."""
    # Your code here
    return None

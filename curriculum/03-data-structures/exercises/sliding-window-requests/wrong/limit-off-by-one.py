from collections import deque


def allowed_requests(times, limit, window):
    """Return, for each request time, whether a sliding-window limiter allows it."""
    recent = deque()  # times of allowed requests still inside the window, oldest first
    decisions = []
    for t in times:
        while recent and recent[0] <= t - window:
            recent.popleft()
        if len(recent) <= limit:
            recent.append(t)
            decisions.append(True)
        else:
            decisions.append(False)
    return decisions

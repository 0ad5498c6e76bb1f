from collections import deque


recent = deque()


def allowed_requests(times, limit, window):
    """Return, for each request time, whether a sliding-window limiter allows it."""
    decisions = []
    for t in times:
        while recent and recent[0] <= t - window:
            recent.popleft()
        if len(recent) < limit:
            recent.append(t)
            decisions.append(True)
        else:
            decisions.append(False)
    return decisions

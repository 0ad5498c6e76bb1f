from collections import deque


def allowed_requests(times, limit, window):
    recent = deque()
    decisions = []
    for t in times:
        while recent and recent[0] <= t - window:
            recent.popleft()
        decisions.append(len(recent) < limit)
        recent.append(t)
    return decisions

from collections import deque
def allowed_requests(times, limit, window):
    q = deque(); out = []
    for t in times:
        while q and q[0] <= t - window:
            q.popleft()
        ok = len(q) + 1 <= limit if limit else False
        if ok: q.append(t)
        out.append(ok)
    return out

def allowed_requests(times, limit, window):
    served = []
    result = []
    for t in times:
        recent = [s for s in served if s > t - window]
        ok = len(recent) < limit
        if ok:
            served.append(t)
        result.append(ok)
    return result

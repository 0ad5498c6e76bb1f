def allowed_requests(times, limit, window):
    out = []; start = None; count = 0
    for t in times:
        if start is None or t - start >= window:
            start, count = t, 0
        ok = count < limit
        if ok: count += 1
        out.append(ok)
    return out

def allowed_requests(times, limit, window):
    kept = []
    answer = []
    for t in times:
        in_window = [s for s in kept if s > t - window]
        ok = len(in_window) < limit
        if ok:
            kept.append(t)
        answer.append(ok)
    return answer

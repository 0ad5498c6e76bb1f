def allowed_requests(times, limit, window):
    counts = {}
    decisions = []
    for t in times:
        bucket = t // window
        if counts.get(bucket, 0) < limit:
            counts[bucket] = counts.get(bucket, 0) + 1
            decisions.append(True)
        else:
            decisions.append(False)
    return decisions

import math, statistics
def latency_report(samples):
    if len(samples) == 0:
        raise ValueError("cannot report on no samples")
    ordered = sorted(samples)
    count = len(ordered)
    rank = math.ceil(0.95 * count)
    return {
        "count": count,
        "min": min(samples),
        "max": max(samples),
        "mean": round(statistics.fmean(samples), 2),
        "median": statistics.median(ordered),
        "p95": ordered[rank - 1],
    }

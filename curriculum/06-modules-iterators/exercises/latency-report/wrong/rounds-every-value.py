import math
import statistics


def latency_report(samples):
    if not samples:
        raise ValueError("no samples to report on")
    ordered = sorted(samples)
    rank = math.ceil(0.95 * len(ordered))
    return {
        "count": len(ordered),
        "min": round(ordered[0], 2),
        "max": round(ordered[-1], 2),
        "mean": round(statistics.mean(ordered), 2),
        "median": round(statistics.median(ordered), 2),
        "p95": round(ordered[rank - 1], 2),
    }

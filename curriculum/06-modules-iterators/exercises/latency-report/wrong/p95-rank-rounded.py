import math
import statistics


def latency_report(samples):
    if not samples:
        raise ValueError("no samples to report on")
    ordered = sorted(samples)
    rank = max(1, round(0.95 * len(ordered)))
    return {
        "count": len(ordered),
        "min": ordered[0],
        "max": ordered[-1],
        "mean": round(statistics.mean(ordered), 2),
        "median": statistics.median(ordered),
        "p95": ordered[rank - 1],
    }

import math
import statistics


def latency_report(samples):
    if not samples:
        raise ValueError("no samples to report on")
    ordered = sorted(samples)
    return {
        "count": len(ordered),
        "min": ordered[0],
        "max": ordered[-1],
        "mean": round(statistics.mean(ordered), 2),
        "median": ordered[len(ordered) // 2],
        "p95": ordered[math.ceil(0.95 * len(ordered)) - 1],
    }

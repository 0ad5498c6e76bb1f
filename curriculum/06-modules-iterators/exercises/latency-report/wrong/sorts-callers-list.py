import math
import statistics


def latency_report(samples):
    samples.sort()
    return {
        "count": len(samples),
        "min": samples[0],
        "max": samples[-1],
        "mean": round(statistics.mean(samples), 2),
        "median": statistics.median(samples),
        "p95": samples[math.ceil(0.95 * len(samples)) - 1],
    }

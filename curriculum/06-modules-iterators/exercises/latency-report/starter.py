import math
import statistics


def latency_report(samples):
    """Summarise request durations: count, min, max, mean, median and p95."""
    # Your code here
    return None

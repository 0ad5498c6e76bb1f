from statistics import fmean
def latency_stats(*samples, digits=1):
    """Summarise timings: return (count, fastest, slowest, average), or None when given none."""
    if not samples:
        return None
    return len(samples), min(samples), max(samples), round(sum(samples) / len(samples), digits)

def latency_stats(*samples, digits=1):
    """Return (count, fastest, slowest, average) of the samples, or None when there are none."""
    if not samples:
        return None
    average = round(sum(samples) / len(samples), 1)
    return (len(samples), min(samples), max(samples), average)

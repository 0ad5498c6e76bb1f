def latency_stats(*samples, digits=1):
    """Return (count, fastest, slowest, average) of the samples."""
    average = round(sum(samples) / len(samples), digits)
    return (len(samples), min(samples), max(samples), average)

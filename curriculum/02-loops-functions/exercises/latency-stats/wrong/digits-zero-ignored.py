def latency_stats(*samples, digits=1):
    """Return (count, fastest, slowest, average), or None without samples."""
    if not samples:
        return None
    average = sum(samples) / len(samples)
    if digits:
        average = round(average, digits)
    return (len(samples), min(samples), max(samples), average)

def latency_stats(*samples, digits=1):
    """Return a tuple (count, fastest, slowest, average rounded to digits), or None if empty."""
    if len(samples) == 0:
        return None
    avg = sum(samples) / len(samples)
    return (len(samples), min(samples), max(samples), float(f"{avg:.{digits}f}"))

def latency_stats(*samples, digits=1):
    """Return (count, fastest, slowest, average) of the samples, or None without samples."""
    if not samples:
        return None
    s = sorted(samples)
    return (len(s), s[0], s[-1], round(sum(s) / len(s), digits))

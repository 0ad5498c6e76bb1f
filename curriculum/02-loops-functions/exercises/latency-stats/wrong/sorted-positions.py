def latency_stats(*samples, digits=1):
    """Return (count, fastest, slowest, average), or None without samples."""
    if len(samples) == 0:
        return None
    return (len(samples), samples[0], samples[-1], round(sum(samples) / len(samples), digits))

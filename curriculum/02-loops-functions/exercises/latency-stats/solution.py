def latency_stats(*samples, digits=1):
    """Return (count, fastest, slowest, average) of the samples, or None when there are none.

    The average is rounded to ``digits`` decimal places.
    """
    if not samples:
        return None
    average = round(sum(samples) / len(samples), digits)
    return (len(samples), min(samples), max(samples), average)

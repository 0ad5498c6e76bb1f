def latency_stats(*samples, digits=1):
    # returns count, fastest, slowest and the rounded average
    if not samples:
        return None
    average = round(sum(samples) / len(samples), digits)
    return (len(samples), min(samples), max(samples), average)

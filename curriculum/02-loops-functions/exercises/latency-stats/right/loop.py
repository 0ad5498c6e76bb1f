def latency_stats(*samples, digits=1):
    """Summarise timings as (count, fastest, slowest, average); None when there are none."""
    if len(samples) == 0:
        return None
    fastest = slowest = samples[0]
    total = 0
    for sample in samples:
        fastest = min(fastest, sample)
        slowest = max(slowest, sample)
        total += sample
    return len(samples), fastest, slowest, round(total / len(samples), digits)

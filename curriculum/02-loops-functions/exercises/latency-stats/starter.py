def latency_stats(*samples, digits=1):
    # Write a docstring here, then your code.
    return None

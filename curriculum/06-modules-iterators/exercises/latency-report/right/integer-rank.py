from statistics import mean, median


def latency_report(samples):
    if len(samples) == 0:
        raise ValueError("latency_report needs at least one sample")
    ordered = sorted(samples)
    count = len(ordered)
    rank = (95 * count + 99) // 100  # ceil(0.95 * count) in whole numbers
    return dict(
        count=count,
        min=min(ordered),
        max=max(ordered),
        mean=round(mean(ordered), 2),
        median=median(ordered),
        p95=ordered[rank - 1],
    )

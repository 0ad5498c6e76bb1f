from collections import Counter


def _rank(pair):
    path, count = pair
    return (-count, path)


def top_paths(lines, n):
    """Return the n most requested paths as (path, count) tuples."""
    counts = Counter()
    for line in lines:
        parts = line.split()
        if not parts:
            continue
        path = parts[1].partition("?")[0]
        counts[path] += 1
    return sorted(counts.most_common(n), key=_rank)

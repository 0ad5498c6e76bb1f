from collections import Counter


def _rank(pair):
    path, count = pair
    return (-count, path)


def top_paths(lines, n):
    """Return the n most requested paths as (path, count) tuples."""
    counts = Counter()
    for line in lines:
        if line == "":
            continue
        parts = line.split(" ")
        path = parts[1].partition("?")[0]
        counts[path] += 1
    return sorted(counts.items(), key=_rank)[:n]

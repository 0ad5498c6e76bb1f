from collections import Counter


def top_paths(lines, n):
    counts = Counter()
    for line in lines:
        parts = line.split()
        if not parts:
            continue
        counts[parts[1].partition("?")[0]] += 1
    return counts.most_common(n)

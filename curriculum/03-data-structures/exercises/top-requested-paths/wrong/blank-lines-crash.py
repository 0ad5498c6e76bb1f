from collections import Counter


def top_paths(lines, n):
    counts = Counter()
    for line in lines:
        path = line.split()[1].partition("?")[0]
        counts[path] += 1
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:n]

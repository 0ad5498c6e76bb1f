def top_paths(lines, n):
    counts = {}
    for line in lines:
        words = line.split()
        if len(words) < 2:
            continue
        path = words[1].partition("?")[0]
        counts[path] = counts.get(path, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: item[0])
    ranked.sort(key=lambda item: item[1], reverse=True)
    return ranked[:n]

def _parse(line):
    parts = line.split()
    if not parts:
        return None
    path = parts[2].partition("?")[0]
    return parts[0], path, int(parts[3])


def top_paths(lines, n=3):
    counts = {}
    for line in lines:
        request = _parse(line)
        if request is not None:
            counts[request[1]] = counts.get(request[1], 0) + 1
    ranked = sorted(counts.items(), key=lambda item: item[1], reverse=True)
    return ranked[:n]


def errors_by_client(lines):
    result = {}
    for line in lines:
        request = _parse(line)
        if request is None:
            continue
        ip, path, status = request
        if status >= 400:
            result.setdefault(ip, []).append(path)
    return result

import re

LINE = re.compile(r"(?P<ip>\S+)\s+\S+\s+(?P<path>[^?\s]*)(?:\?\S*)?\s+(?P<status>\d+)")


def _parsed(lines):
    result = []
    for line in lines:
        match = LINE.fullmatch(line.strip())
        if match:
            result.append((match["ip"], match["path"], int(match["status"])))
    return result


def top_paths(lines, n=3):
    first_seen = {}
    counts = {}
    for position, (_ip, path, _status) in enumerate(_parsed(lines)):
        first_seen.setdefault(path, position)
        counts[path] = counts.get(path, 0) + 1
    ranked = sorted(counts, key=lambda path: (-counts[path], first_seen[path]))
    return [(path, counts[path]) for path in ranked[:n]]


def errors_by_client(lines):
    failed = {}
    for ip, path, status in _parsed(lines):
        if status >= 400:
            if ip not in failed:
                failed[ip] = []
            failed[ip].append(path)
    return failed

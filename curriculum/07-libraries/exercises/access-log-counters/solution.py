from collections import Counter, defaultdict


def _requests(lines):
    """Yield (ip, path, status) for every non-blank log line."""
    for line in lines:
        if not line.strip():
            continue
        ip, _method, target, status = line.split()
        yield ip, target.split("?", 1)[0], int(status)


def top_paths(lines, n=3):
    """The n most requested paths as (path, count) tuples, most requested first."""
    counts = Counter(path for _ip, path, _status in _requests(lines))
    return counts.most_common(n)


def errors_by_client(lines):
    """Map each client IP with errors (status >= 400) to the paths that failed."""
    errors = defaultdict(list)
    for ip, path, status in _requests(lines):
        if status >= 400:
            errors[ip].append(path)
    return dict(errors)

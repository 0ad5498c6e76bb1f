from collections import Counter, defaultdict


def _requests(lines):
    for line in lines:
        if not line.strip():
            continue
        ip, _method, target, status = line.split()
        yield ip, target.split("?")[0], int(status)


def top_paths(lines, n=3):
    return Counter(path for _ip, path, _s in _requests(lines)).most_common(n)


def errors_by_client(lines):
    errors = defaultdict(list)
    for ip, path, status in _requests(lines):
        if 400 <= status < 500 or status == 500:
            errors[ip].append(path)
    return dict(errors)

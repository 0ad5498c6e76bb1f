from collections import Counter


def _requests(lines):
    for line in lines:
        if not line.strip():
            continue
        ip, _method, target, status = line.split()
        yield ip, target.split("?")[0], int(status)


def top_paths(lines, n=3):
    return Counter(path for _ip, path, _s in _requests(lines)).most_common(n)


def errors_by_client(lines):
    errors = {}
    for ip, path, status in _requests(lines):
        errors.setdefault(ip, [])
        if status >= 400:
            errors[ip].append(path)
    return errors

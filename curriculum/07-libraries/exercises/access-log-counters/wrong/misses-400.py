from collections import Counter, defaultdict


def top_paths(lines, n=3):
    counts = Counter(line.split()[2].split("?")[0] for line in lines if line.strip())
    return counts.most_common(n)


def errors_by_client(lines):
    errors = defaultdict(list)
    for line in lines:
        if not line.strip():
            continue
        ip, _method, target, status = line.split()
        if int(status) > 400:
            errors[ip].append(target.split("?")[0])
    return dict(errors)

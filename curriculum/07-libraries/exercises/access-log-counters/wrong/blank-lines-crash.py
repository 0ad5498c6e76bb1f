from collections import Counter, defaultdict


def top_paths(lines, n=3):
    counts = Counter()
    for line in lines:
        ip, method, target, status = line.split()
        counts[target.split("?")[0]] += 1
    return counts.most_common(n)


def errors_by_client(lines):
    errors = {}
    for line in lines:
        ip, method, target, status = line.split()
        if int(status) >= 400:
            errors[ip] = [target.split("?")[0]]
    return errors

from collections import Counter, defaultdict


def top_paths(lines, n=3):
    counts = Counter()
    for i in range(len(lines)):
        if lines[i].strip():
            target = lines[i].split()[2]
            counts[target.split("?")[0]] += 1
    return counts.most_common(n)


def errors_by_client(lines):
    errors = defaultdict(list)
    for i in range(len(lines)):
        if not lines[i].strip():
            continue
        ip, _method, target, status = lines[i].split()
        if int(status) >= 400:
            errors[ip].append(target.split("?")[0])
    return dict(errors)

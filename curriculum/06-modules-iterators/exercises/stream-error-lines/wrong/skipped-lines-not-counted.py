ERROR_LEVELS = {"ERROR", "CRITICAL"}


def error_lines(lines):
    number = 0
    for line in lines:
        if not line.strip():
            continue
        number += 1
        parts = line.split(maxsplit=2)
        if len(parts) == 3 and parts[1] in ERROR_LEVELS:
            yield number, parts[2].strip()


def count_errors(lines):
    return sum(1 for _ in error_lines(lines))

def error_lines(lines):
    for number, line in enumerate(lines, start=1):
        parts = line.split(maxsplit=2)
        if len(parts) == 3 and parts[1] in "ERROR CRITICAL":
            yield number, parts[2].strip()


def count_errors(lines):
    return sum(1 for _ in error_lines(lines))

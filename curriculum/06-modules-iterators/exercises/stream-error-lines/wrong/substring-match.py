def error_lines(lines):
    for number, line in enumerate(lines, start=1):
        if "ERROR" in line or "CRITICAL" in line:
            yield number, line.split(maxsplit=2)[2].strip()


def count_errors(lines):
    return sum(1 for _ in error_lines(lines))

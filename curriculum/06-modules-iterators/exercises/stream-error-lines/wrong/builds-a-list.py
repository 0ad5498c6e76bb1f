ERROR_LEVELS = {"ERROR", "CRITICAL"}


def error_lines(lines):
    found = []
    for number, line in enumerate(lines, start=1):
        parts = line.split(maxsplit=2)
        if len(parts) == 3 and parts[1] in ERROR_LEVELS:
            found.append((number, parts[2].strip()))
    return found


def count_errors(lines):
    return len(error_lines(lines))

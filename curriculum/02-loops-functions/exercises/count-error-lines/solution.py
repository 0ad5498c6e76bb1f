def count_errors(lines):
    """Return how many log lines have the level ERROR."""
    count = 0
    for line in lines:
        level = line.partition(" ")[0]
        if level.upper() == "ERROR":
            count += 1
    return count

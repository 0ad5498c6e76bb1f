def count_errors(lines):
    total = 0
    for line in lines:
        words = line.split()
        if words and words[0].casefold() == "error":
            total += 1
    return total

def count_errors(lines):
    count = 0
    for line in lines:
        if line.upper().startswith("ERROR"):
            count += 1
    return count

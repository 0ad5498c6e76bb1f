def count_errors(lines):
    count = 0
    for line in lines:
        if "ERROR" in line.upper():
            count += 1
    return count

def count_errors(lines):
    count = 0
    for line in lines:
        if line.split()[0].upper() == "ERROR":
            count += 1
    return count

def count_errors(lines):
    count = 0
    for line in lines:
        if line.partition(" ")[0] == "ERROR":
            count += 1
    return count

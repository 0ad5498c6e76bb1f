count = 0


def count_errors(lines):
    global count
    for line in lines:
        if line.partition(" ")[0].upper() == "ERROR":
            count += 1
    return count

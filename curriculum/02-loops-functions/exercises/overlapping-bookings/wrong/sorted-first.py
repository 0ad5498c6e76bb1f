def overlapping_pairs(bookings):
    ordered = sorted(bookings)
    clashes = []
    for i in range(len(ordered)):
        for j in range(i + 1, len(ordered)):
            if ordered[i][0] < ordered[j][1] and ordered[j][0] < ordered[i][1]:
                clashes.append((i, j))
    return clashes

def overlapping_pairs(bookings):
    clashes = []
    for i in range(len(bookings)):
        start_i, end_i = bookings[i]
        for j in range(i + 1, len(bookings)):
            start_j, end_j = bookings[j]
            if start_i <= end_j and start_j <= end_i:
                clashes.append((i, j))
    return clashes

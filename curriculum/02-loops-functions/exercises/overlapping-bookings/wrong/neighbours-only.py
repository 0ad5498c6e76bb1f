def overlapping_pairs(bookings):
    clashes = []
    for i in range(len(bookings) - 1):
        start_i, end_i = bookings[i]
        start_j, end_j = bookings[i + 1]
        if start_i < end_j and start_j < end_i:
            clashes.append((i, i + 1))
    return clashes

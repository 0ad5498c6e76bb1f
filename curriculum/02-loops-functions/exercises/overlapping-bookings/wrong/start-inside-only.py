def overlapping_pairs(bookings):
    clashes = []
    for i in range(len(bookings)):
        s1, e1 = bookings[i]
        for j in range(i + 1, len(bookings)):
            s2, e2 = bookings[j]
            if s1 <= s2 < e1 or s1 < e2 <= e1:
                clashes.append((i, j))
    return clashes

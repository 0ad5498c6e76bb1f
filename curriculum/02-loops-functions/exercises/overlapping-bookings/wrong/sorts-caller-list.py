def overlapping_pairs(bookings):
    clashes = []
    for i in range(len(bookings)):
        for j in range(i + 1, len(bookings)):
            if bookings[i][0] < bookings[j][1] and bookings[j][0] < bookings[i][1]:
                clashes.append((i, j))
    bookings.sort()
    return clashes

from itertools import combinations
def overlapping_pairs(bookings):
    return [(i, j) for (i, a), (j, b) in combinations(enumerate(bookings), 2)
            if max(a[0], b[0]) < min(a[1], b[1])]

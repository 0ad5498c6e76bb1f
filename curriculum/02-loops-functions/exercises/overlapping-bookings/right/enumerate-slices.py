def overlapping_pairs(bookings):
    result = []
    for i, (start_a, end_a) in enumerate(bookings):
        for j, (start_b, end_b) in enumerate(bookings[i + 1:], start=i + 1):
            if max(start_a, start_b) < min(end_a, end_b):
                result.append((i, j))
    return result

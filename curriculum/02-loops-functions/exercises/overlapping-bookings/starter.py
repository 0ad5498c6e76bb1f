def overlapping_pairs(bookings):
    """Return every (i, j), i < j, whose (start, end) bookings overlap."""
    clashes = []
    # Your code here
    return clashes

def apply_discount(order, percent):
    """Return a discounted copy of order; the original order must not change."""
    # Your code here
    return None

def format_order_line(item, quantity, unit_price):
    """Return '<quantity> x <item> @ <unit price> = <line total>' with two decimals."""
    # Your code here
    return ""

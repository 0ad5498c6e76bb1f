def format_order_line(item, quantity, unit_price):
    """Return '<quantity> x <item> @ <unit price> = <line total>' with two decimals."""
    total = quantity * unit_price
    return f"{quantity} x {item} @ {unit_price:.2f} = {total:.2f}"

def format_order_line(item, quantity, unit_price):
    return f"{quantity} x {item} @ {unit_price:.2f} = {unit_price:.2f}"

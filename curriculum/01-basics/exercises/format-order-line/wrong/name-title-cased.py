def format_order_line(item, quantity, unit_price):
    total = quantity * unit_price
    return f"{quantity} x {item.strip().title()} @ {unit_price:.2f} = {total:.2f}"

def format_order_line(item, quantity, unit_price):
    total = round(quantity * unit_price, 2)
    return f"{quantity} x {item} @ {round(unit_price, 2)} = {total}"

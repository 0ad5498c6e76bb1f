def format_order_line(item, quantity, unit_price):
    line_total = quantity * unit_price
    return "{} x {} @ {:.2f} = {:.2f}".format(quantity, item, unit_price, line_total)

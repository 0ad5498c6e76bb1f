PRIORITY = {"pending": 0, "paid": 1, "shipped": 2}


def sort_orders(orders):
    orders.sort(key=lambda order: (PRIORITY.get(order["status"], 3), -order["total"], order["id"]))
    return orders


def biggest_order(orders):
    if not orders:
        return None
    return max(orders, key=lambda order: order["total"])

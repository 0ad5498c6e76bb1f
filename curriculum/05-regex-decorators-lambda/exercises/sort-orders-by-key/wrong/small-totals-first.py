PRIORITY = {"pending": 0, "paid": 1, "shipped": 2}


def sort_orders(orders):
    return sorted(orders, key=lambda order: (PRIORITY.get(order["status"], 3), order["total"], order["id"]))


def biggest_order(orders):
    if not orders:
        return None
    return max(orders, key=lambda order: order["total"])

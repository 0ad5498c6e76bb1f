PRIORITY = {"pending": 0, "paid": 1, "shipped": 2}


def sort_orders(orders):
    return sorted(orders, key=lambda o: (PRIORITY.get(o["status"], 3), -o["total"], o["id"]))


def biggest_order(orders):
    if not orders:
        return None
    orders.sort(key=lambda o: o["total"], reverse=True)
    return orders[0]

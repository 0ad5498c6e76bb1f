PRIORITY = {"pending": 0, "paid": 1, "shipped": 2}


def sort_orders(orders):
    return sorted(orders, key=lambda o: (PRIORITY.get(o["status"], 3), -o["total"], o["id"]))


def biggest_order(orders):
    best = None
    for order in orders:
        if best is None or order["total"] >= best["total"]:
            best = order
    return best

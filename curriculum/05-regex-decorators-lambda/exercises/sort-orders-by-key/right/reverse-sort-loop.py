PRIORITY = {"pending": 0, "paid": 1, "shipped": 2}


def _rank(order):
    return PRIORITY.get(order["status"], 3)


def sort_orders(orders):
    # Everything flipped and sorted in reverse: same order as the natural key.
    return sorted(orders, key=lambda o: (-_rank(o), o["total"], -o["id"]), reverse=True)


def biggest_order(orders):
    best = None
    for order in orders:
        if best is None or order["total"] > best["total"]:
            best = order
    return best

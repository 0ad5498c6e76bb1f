PRIORITY = {"pending": 0, "paid": 1, "shipped": 2}


def sort_orders(orders):
    # Flipping the whole sort flips the id tie-break too: bigger ids come first.
    return sorted(orders, key=lambda o: (-PRIORITY.get(o["status"], 3), o["total"], o["id"]), reverse=True)


def biggest_order(orders):
    if not orders:
        return None
    return max(orders, key=lambda o: o["total"])

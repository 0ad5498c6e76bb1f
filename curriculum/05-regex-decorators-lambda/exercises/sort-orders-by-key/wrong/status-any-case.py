PRIORITY = {"pending": 0, "paid": 1, "shipped": 2}


def sort_orders(orders):
    """Return a new list: by status priority, then biggest total, then smallest id."""
    return sorted(
        orders,
        key=lambda order: (PRIORITY.get(order["status"].lower(), len(PRIORITY)), -order["total"], order["id"]),
    )


def biggest_order(orders):
    """Return the order with the largest total, or None when there are no orders."""
    if not orders:
        return None
    return max(orders, key=lambda order: order["total"])

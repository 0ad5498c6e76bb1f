from collections import defaultdict


def order_ids_by_customer(orders):
    """Map each customer to the ids of all their orders, in order."""
    groups = dict.fromkeys([order["customer"] for order in orders], [])
    for order in orders:
        groups[order["customer"]].append(order["id"])
    return groups


def revenue_by_customer(orders):
    """Map each customer to the total amount of their non-cancelled orders."""
    totals = defaultdict(int)
    for order in orders:
        if order["status"] == "cancelled":
            continue
        totals[order["customer"]] += order["amount"]
    return dict(totals)

def order_ids_by_customer(orders):
    groups = {}
    for order in orders:
        groups[order["customer"]] = [order["id"]]
    return groups


def revenue_by_customer(orders):
    totals = {}
    for order in orders:
        if order["status"] != "cancelled":
            totals[order["customer"]] = totals.get(order["customer"], 0) + order["amount"]
    return totals

def order_ids_by_customer(orders):
    groups = {}
    for order in orders:
        groups.setdefault(order["customer"], []).append(order["id"])
    return groups


def revenue_by_customer(orders):
    totals = {}
    for order in orders:
        if order["status"] != "cancelled":
            customer = order["customer"]
            totals[customer] = totals.get(customer, 0) + order["amount"]
    return totals

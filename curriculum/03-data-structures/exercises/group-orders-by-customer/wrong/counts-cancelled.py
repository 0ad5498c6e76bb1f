from collections import defaultdict


def order_ids_by_customer(orders):
    groups = defaultdict(list)
    for order in orders:
        groups[order["customer"]].append(order["id"])
    return dict(groups)


def revenue_by_customer(orders):
    totals = defaultdict(int)
    for order in orders:
        totals[order["customer"]] += order["amount"]
    return dict(totals)

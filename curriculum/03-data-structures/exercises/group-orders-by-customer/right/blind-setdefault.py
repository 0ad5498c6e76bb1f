def order_ids_by_customer(orders):
    result = {}
    for order in orders:
        result.setdefault(order["customer"], []).append(order["id"])
    return result
def revenue_by_customer(orders):
    result = {}
    for order in orders:
        if order["status"] == "cancelled":
            continue
        result[order["customer"]] = result.get(order["customer"], 0) + order["amount"]
    return result

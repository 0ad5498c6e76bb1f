def paid_only(orders):
    return list(filter(lambda order: order["status"] == "paid", orders))


def revenue_by_customer(orders):
    customers = {order["customer"] for order in orders}
    return {c: sum(o["total"] for o in orders if o["customer"] == c) for c in customers}


def big_spenders(orders, threshold):
    revenue = revenue_by_customer(paid_only(orders))
    return sorted(c for c in revenue if revenue[c] >= threshold)


class RevenueReport:
    def __init__(self, threshold):
        self.threshold = threshold
        self.orders = []

    def add(self, order):
        self.orders.append(dict(order))
        return self

    def big_spenders(self):
        return big_spenders(self.orders, self.threshold)

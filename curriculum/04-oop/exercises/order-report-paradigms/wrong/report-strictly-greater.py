# Functional style: pure functions that build new values.

def paid_only(orders):
    return [order for order in orders if order["status"] == "paid"]


def revenue_by_customer(orders):
    revenue = {}
    for order in orders:
        revenue[order["customer"]] = revenue.get(order["customer"], 0) + order["total"]
    return revenue


def big_spenders(orders, threshold):
    revenue = revenue_by_customer(paid_only(orders))
    return sorted(customer for customer, total in revenue.items() if total >= threshold)


# Object-oriented style: an object that accumulates state one order at a time.

class RevenueReport:
    def __init__(self, threshold):
        self.threshold = threshold
        self._revenue = {}

    def add(self, order):
        if order["status"] == "paid":
            customer = order["customer"]
            self._revenue[customer] = self._revenue.get(customer, 0) + order["total"]
        return self

    def big_spenders(self):
        return sorted(c for c, total in self._revenue.items() if total > self.threshold)

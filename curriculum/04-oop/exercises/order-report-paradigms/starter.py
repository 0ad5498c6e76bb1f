def paid_only(orders):
    pass


def revenue_by_customer(orders):
    pass


def big_spenders(orders, threshold):
    pass


class RevenueReport:
    def __init__(self, threshold):
        pass

    def add(self, order):
        pass

    def big_spenders(self):
        pass

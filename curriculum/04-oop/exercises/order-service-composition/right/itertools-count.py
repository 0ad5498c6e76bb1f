import itertools


class OrderService:
    def __init__(self, repository, notifier):
        self._repository = repository
        self._notifier = notifier
        self._ids = itertools.count(1)

    def place(self, customer, total):
        if type(total) is not int or total < 1:
            raise ValueError("the total is a positive number of cents")
        order_id = next(self._ids)
        self._repository.save(
            {"id": order_id, "customer": customer, "total": total, "status": "placed"}
        )
        euros, cents = divmod(total, 100)
        self._notifier.send(customer, "Order #%d confirmed: %d.%02d EUR" % (order_id, euros, cents))
        return order_id

    def cancel(self, order_id):
        stored = self._repository.get(order_id)
        if stored is None:
            raise KeyError(order_id)
        cancelled = dict(stored)
        cancelled["status"] = "cancelled"
        self._repository.save(cancelled)
        self._notifier.send(cancelled["customer"], "Order #%d cancelled" % order_id)

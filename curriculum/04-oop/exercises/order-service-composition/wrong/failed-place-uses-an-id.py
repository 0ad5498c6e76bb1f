class OrderService:
    """Places and cancels orders; storage and notifications are delegated."""

    def __init__(self, repository, notifier):
        self.repository = repository
        self.notifier = notifier
        self._next_id = 1

    def place(self, customer, total):
        order_id = self._next_id
        self._next_id += 1
        if not isinstance(total, int) or isinstance(total, bool) or total <= 0:
            raise ValueError("total must be a positive number of cents")
        order = {"id": order_id, "customer": customer, "total": total, "status": "placed"}
        self.repository.save(order)
        self.notifier.send(customer, f"Order #{order_id} confirmed: {total / 100:.2f} EUR")
        return order_id

    def cancel(self, order_id):
        order = self.repository.get(order_id)
        if order is None:
            raise KeyError(order_id)
        self.repository.save({**order, "status": "cancelled"})
        self.notifier.send(order["customer"], f"Order #{order_id} cancelled")

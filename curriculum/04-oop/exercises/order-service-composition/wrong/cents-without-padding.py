class OrderService:
    """Places and cancels orders; storage and notifications are delegated."""

    def __init__(self, repository, notifier):
        self.repository = repository
        self.notifier = notifier
        self._next_id = 1

    def place(self, customer, total):
        if not isinstance(total, int) or isinstance(total, bool) or total <= 0:
            raise ValueError("total must be a positive number of cents")
        order_id = self._next_id
        self._next_id += 1
        order = {"id": order_id, "customer": customer, "total": total, "status": "placed"}
        self.repository.save(order)
        self.notifier.send(customer, f"Order #{order_id} confirmed: {total // 100}.{total % 100} EUR")
        return order_id

    def cancel(self, order_id):
        order = self.repository.get(order_id)
        if order is None:
            raise KeyError(order_id)
        self.repository.save({**order, "status": "cancelled"})
        self.notifier.send(order["customer"], f"Order #{order_id} cancelled")

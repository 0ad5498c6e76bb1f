class OrderService:
    def __init__(self, repository, notifier):
        self.orders = {}
        self.notifier = notifier
        self._next_id = 1

    def place(self, customer, total):
        if not isinstance(total, int) or total <= 0:
            raise ValueError("total must be a positive number of cents")
        order_id = self._next_id
        self._next_id += 1
        self.orders[order_id] = {"id": order_id, "customer": customer, "total": total, "status": "placed"}
        self.notifier.send(customer, f"Order #{order_id} confirmed: {total / 100:.2f} EUR")
        return order_id

    def cancel(self, order_id):
        order = self.orders[order_id]
        order["status"] = "cancelled"
        self.notifier.send(order["customer"], f"Order #{order_id} cancelled")

class OrderLine:
    def __init__(self, sku, quantity, unit_price):
        if quantity < 1:
            raise ValueError("quantity must be at least 1")
        if unit_price < 0:
            raise ValueError("unit_price cannot be negative")
        self.sku = sku
        self.quantity = quantity
        self.unit_price = unit_price

    def subtotal(self):
        return self.quantity * self.unit_price


class Order:
    def __init__(self, order_id, customer, lines=None, status="pending"):
        self.order_id = order_id
        self.customer = customer
        self.lines = lines if lines is not None else []
        self.status = status

    def add_line(self, sku, quantity, unit_price):
        new_line = OrderLine(sku, quantity, unit_price)
        for line in self.lines:
            if line.sku == sku and line.unit_price == unit_price:
                line.quantity += quantity
                return
        self.lines.append(new_line)

    def total(self):
        return sum(line.subtotal() for line in self.lines)

    def to_dict(self):
        return {
            "order_id": self.order_id,
            "customer": self.customer,
            "lines": [vars(line) for line in self.lines],
            "status": self.status,
            "total": self.total(),
        }

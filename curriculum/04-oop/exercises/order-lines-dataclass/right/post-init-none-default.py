from dataclasses import dataclass


@dataclass
class OrderLine:
    sku: str
    quantity: int
    unit_price: int

    def __post_init__(self):
        if self.quantity < 1 or self.unit_price < 0:
            raise ValueError("invalid order line")

    def subtotal(self):
        return self.unit_price * self.quantity


@dataclass
class Order:
    order_id: int
    customer: str
    lines: list = None
    status: str = "pending"

    def __post_init__(self):
        if self.lines is None:
            self.lines = []

    def add_line(self, sku, quantity, unit_price):
        candidate = OrderLine(sku, quantity, unit_price)
        same = [l for l in self.lines if (l.sku, l.unit_price) == (sku, unit_price)]
        if same:
            same[0].quantity += quantity
        else:
            self.lines.append(candidate)

    def total(self):
        return sum(l.subtotal() for l in self.lines)

    def to_dict(self):
        return {
            "order_id": self.order_id,
            "customer": self.customer,
            "lines": [{"sku": l.sku, "quantity": l.quantity, "unit_price": l.unit_price} for l in self.lines],
            "status": self.status,
            "total": self.total(),
        }

from dataclasses import asdict, dataclass, field


@dataclass
class OrderLine:
    sku: str
    quantity: int
    unit_price: int

    def __post_init__(self):
        if self.quantity < 1:
            raise ValueError("quantity must be at least 1")
        if self.unit_price < 0:
            raise ValueError("unit_price cannot be negative")

    def subtotal(self):
        return self.quantity * self.unit_price


@dataclass
class Order:
    order_id: int
    customer: str
    lines: list = field(default_factory=list)
    status: str = "pending"

    def add_line(self, sku, quantity, unit_price):
        for line in self.lines:
            if line.sku == sku and line.unit_price == unit_price:
                line.quantity += quantity
                return
        self.lines.append(OrderLine(sku, quantity, unit_price))

    def total(self):
        return sum(line.subtotal() for line in self.lines)

    def to_dict(self):
        return {**asdict(self), "total": self.total()}

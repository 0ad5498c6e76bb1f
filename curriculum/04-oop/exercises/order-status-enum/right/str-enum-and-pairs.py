import enum


class OrderStatus(str, enum.Enum):
    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


MOVES = [
    ("pending", "paid"),
    ("pending", "cancelled"),
    ("paid", "shipped"),
    ("paid", "cancelled"),
    ("shipped", "delivered"),
]


def parse_status(text):
    wanted = text.strip().lower()
    for status in OrderStatus:
        if status.value == wanted:
            return status
    raise ValueError("unknown order status")


def can_transition(current, new):
    return (current.value, new.value) in MOVES

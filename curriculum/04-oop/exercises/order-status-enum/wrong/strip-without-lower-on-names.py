from enum import Enum


class OrderStatus(Enum):
    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


ALLOWED = {
    OrderStatus.PENDING: {OrderStatus.PAID, OrderStatus.CANCELLED},
    OrderStatus.PAID: {OrderStatus.SHIPPED, OrderStatus.CANCELLED},
    OrderStatus.SHIPPED: {OrderStatus.DELIVERED},
}


def parse_status(text):
    """Return the OrderStatus member for text (case and spaces ignored)."""
    cleaned = text.strip()
    for status in OrderStatus:
        if cleaned in (status.value, status.name, status.value.capitalize()):
            return status
    raise ValueError(f"unknown status {text!r}")


def can_transition(current, new):
    """Return True when an order may move from status current to status new."""
    return new in ALLOWED.get(current, set())

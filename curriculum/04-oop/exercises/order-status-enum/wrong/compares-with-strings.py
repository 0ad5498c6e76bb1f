from enum import Enum


class OrderStatus(Enum):
    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


def parse_status(text):
    return OrderStatus(text.strip().lower())


def can_transition(current, new):
    if current == "pending":
        return new in ("paid", "cancelled")
    if current == "paid":
        return new in ("shipped", "cancelled")
    if current == "shipped":
        return new == "delivered"
    return False

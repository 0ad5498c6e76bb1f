from enum import Enum
class OrderStatus(Enum):
    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
def parse_status(text):
    wanted = text.strip().casefold()
    for member in OrderStatus:
        if member.value == wanted:
            return member
    raise ValueError(f"unknown status {text!r}")
def can_transition(current, new):
    match (current, new):
        case (OrderStatus.PENDING, OrderStatus.PAID | OrderStatus.CANCELLED):
            return True
        case (OrderStatus.PAID, OrderStatus.SHIPPED | OrderStatus.CANCELLED):
            return True
        case (OrderStatus.SHIPPED, OrderStatus.DELIVERED):
            return True
    return False

from enum import Enum
class OrderStatus(Enum):
    PENDING = "pending"; PAID = "paid"; SHIPPED = "shipped"; DELIVERED = "delivered"; CANCELLED = "cancelled"
def parse_status(text):
    key = text.strip().lower()
    for m in OrderStatus:
        if key in (m.value, m.name.lower()) or m.value.startswith(key) and len(key) >= 4:
            return m
    raise ValueError(text)
_ALLOWED = {("pending", "paid"), ("pending", "cancelled"), ("paid", "shipped"), ("paid", "cancelled"), ("shipped", "delivered")}
def can_transition(current, new):
    return (current.value, new.value) in _ALLOWED

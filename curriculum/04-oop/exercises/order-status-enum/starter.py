from enum import Enum


class OrderStatus(Enum):
    PENDING = "pending"
    # Your members here


def parse_status(text):
    """Return the OrderStatus member for text (case and spaces ignored)."""
    pass


def can_transition(current, new):
    """Return True when an order may move from status current to status new."""
    pass

from collections import defaultdict


def order_ids_by_customer(orders):
    """Map each customer to the ids of all their orders, in order."""
    # Your code here
    return None


def revenue_by_customer(orders):
    """Map each customer to the total amount of their non-cancelled orders."""
    # Your code here
    return None

def apply_discount(order, percent):
    """Return a discounted copy of order; the original order must not change."""
    items = [
        {**item, "price": int(item["price"] * (1 - percent / 100))}
        for item in order["items"]
    ]
    return {**order, "items": items, "discount_percent": percent}

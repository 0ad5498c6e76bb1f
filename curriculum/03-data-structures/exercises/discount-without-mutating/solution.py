def apply_discount(order, percent):
    """Return a discounted copy of order; the original order must not change."""
    items = [
        {**item, "price": item["price"] * (100 - percent) // 100}
        for item in order["items"]
    ]
    return {**order, "items": items, "discount_percent": percent}

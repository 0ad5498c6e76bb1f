def apply_discount(order, percent):
    preview = order.copy()
    for item in preview["items"]:
        item["price"] = item["price"] * (100 - percent) // 100
    preview["discount_percent"] = percent
    return preview

def apply_discount(order, percent):
    for item in order["items"]:
        item["price"] = item["price"] * (100 - percent) // 100
    order["discount_percent"] = percent
    return order

def apply_discount(order, percent):
    items = [
        {**item, "price": round(item["price"] * (100 - percent) / 100)}
        for item in order["items"]
    ]
    return {**order, "items": items, "discount_percent": percent}

def apply_discount(order, percent):
    return {
        **{k: v for k, v in order.items() if k != "items"},
        "items": [{**item, "price": item["price"] * (100 - percent) // 100} for item in order["items"]],
        "discount_percent": percent,
    }

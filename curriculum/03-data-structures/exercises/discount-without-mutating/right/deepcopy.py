import copy


def apply_discount(order, percent):
    preview = copy.deepcopy(order)
    for item in preview["items"]:
        item["price"] = item["price"] * (100 - percent) // 100
    preview["discount_percent"] = percent
    return preview

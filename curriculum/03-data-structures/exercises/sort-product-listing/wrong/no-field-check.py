def sort_products(products, sort):
    descending = sort.startswith("-")
    field = sort[1:] if descending else sort
    by_id_first = sorted(products, key=lambda p: p["id"])
    return sorted(by_id_first, key=lambda p: p[field], reverse=descending)

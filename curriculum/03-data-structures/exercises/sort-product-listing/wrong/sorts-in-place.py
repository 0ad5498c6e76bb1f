def sort_products(products, sort):
    descending = sort.startswith("-")
    field = sort[1:] if descending else sort
    if field not in ("price", "name"):
        raise ValueError(f"cannot sort by {sort!r}")
    products.sort(key=lambda p: p["id"])
    products.sort(key=lambda p: p[field], reverse=descending)
    return products

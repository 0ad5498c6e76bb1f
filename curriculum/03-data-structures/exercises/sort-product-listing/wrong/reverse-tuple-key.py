def sort_products(products, sort):
    descending = sort.startswith("-")
    field = sort[1:] if descending else sort
    if field not in ("price", "name"):
        raise ValueError(f"cannot sort by {sort!r}")
    return sorted(products, key=lambda p: (p[field], p["id"]), reverse=descending)

def sort_products(products, sort):
    fields = {"price": False, "-price": True, "name": False, "-name": True}
    if sort not in fields:
        raise ValueError(f"cannot sort by {sort!r}")
    field = sort.removeprefix("-")
    by_id = sorted(products, key=lambda p: p["id"])
    return sorted(by_id, key=lambda p: p[field], reverse=fields[sort])

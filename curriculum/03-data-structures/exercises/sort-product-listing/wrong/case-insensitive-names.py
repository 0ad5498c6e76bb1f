def sort_products(products, sort):
    if sort not in ("price", "-price", "name", "-name"):
        raise ValueError(sort)
    field = sort.lstrip("-")
    key = (lambda p: p[field].lower()) if field == "name" else (lambda p: p[field])
    out = sorted(products, key=lambda p: p["id"])
    return sorted(out, key=key, reverse=sort.startswith("-"))

def sort_products(products, sort):
    desc = sort.startswith("-")
    field = sort[1:] if desc else sort
    if field == "id":
        raise ValueError(sort)
    try:
        by_id = sorted(products, key=lambda p: p["id"])
        return sorted(by_id, key=lambda p: p[field], reverse=desc)
    except KeyError:
        raise ValueError(sort)

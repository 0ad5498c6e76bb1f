def sort_products(products, sort):
    if sort in ("price", "name"):
        return sorted(products, key=lambda p: (p[sort], p["id"]))
    if sort == "-price":
        return sorted(products, key=lambda p: (-p["price"], p["id"]))
    if sort == "-name":
        names = sorted({p["name"] for p in products}, reverse=True)
        rank = {name: position for position, name in enumerate(names)}
        return sorted(products, key=lambda p: (rank[p["name"]], p["id"]))
    raise ValueError("unknown sort field")

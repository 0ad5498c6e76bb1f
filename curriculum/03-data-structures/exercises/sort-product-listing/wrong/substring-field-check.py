ALLOWED_FIELDS = ("price", "name")


def sort_products(products, sort):
    """Return a new list of products sorted by 'price' or 'name' ('-' prefix = descending)."""
    descending = sort.startswith("-")
    field = sort[1:] if descending else sort
    if field not in "price name":
        raise ValueError(f"cannot sort by {sort!r}")

    def by_id(product):
        return product["id"]

    def by_field(product):
        return product[field]

    # Python's sort is stable: sort by the tie-breaker first, then by the field.
    by_id_first = sorted(products, key=by_id)
    return sorted(by_id_first, key=by_field, reverse=descending)

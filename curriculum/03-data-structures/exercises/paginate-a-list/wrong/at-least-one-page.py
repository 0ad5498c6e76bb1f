def paginate(items, page, per_page):
    """Return {"items": [...], "page": page, "total_pages": n} for one page of items."""
    total_pages = max(1, (len(items) + per_page - 1) // per_page)
    if page < 1:
        return {"items": [], "page": page, "total_pages": total_pages}
    start = (page - 1) * per_page
    return {"items": items[start:start + per_page], "page": page, "total_pages": total_pages}

def paginate(items, page, per_page):
    """Return {"items": [...], "page": page, "total_pages": n} for one page of items."""
    # Your code here
    return None

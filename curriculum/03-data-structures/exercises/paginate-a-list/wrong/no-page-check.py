def paginate(items, page, per_page):
    total_pages = (len(items) + per_page - 1) // per_page
    start = (page - 1) * per_page
    return {"items": items[start:start + per_page], "page": page, "total_pages": total_pages}

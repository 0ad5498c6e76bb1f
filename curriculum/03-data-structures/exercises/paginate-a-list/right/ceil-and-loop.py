import math


def paginate(items, page, per_page):
    total = math.ceil(len(items) / per_page)
    chosen = []
    if page >= 1:
        first = (page - 1) * per_page
        for index in range(first, min(first + per_page, len(items))):
            chosen.append(items[index])
    return {"page": page, "total_pages": total, "items": chosen}

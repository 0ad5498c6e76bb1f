from itertools import islice
import math
def paginate(items, page, per_page):
    chosen = list(islice(items, (page - 1) * per_page, page * per_page)) if page >= 1 else []
    return {"items": chosen, "page": page, "total_pages": math.ceil(len(items) / per_page)}

import math
def page_links(total_items, per_page):
    return list(range(1, math.ceil(total_items / per_page) + 1))

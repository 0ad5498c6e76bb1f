def page_links(total_items, per_page):
    pages = round(total_items / per_page + 0.49)
    return list(range(1, pages + 1))

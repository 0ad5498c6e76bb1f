def page_links(total_items, per_page):
    pages = (total_items + per_page - 1) // per_page
    return range(1, pages + 1)

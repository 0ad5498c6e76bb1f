def page_links(total_items, per_page):
    pages = total_items // per_page
    return list(range(1, pages + 1))

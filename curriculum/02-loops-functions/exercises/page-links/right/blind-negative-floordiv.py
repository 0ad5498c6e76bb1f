def page_links(total_items, per_page):
    return [*range(1, -(-total_items // per_page) + 1)]

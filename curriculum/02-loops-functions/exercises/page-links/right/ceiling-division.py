def page_links(total_items, per_page):
    pages = -(-total_items // per_page)
    links = []
    for page in range(1, pages + 1):
        links.append(page)
    return links

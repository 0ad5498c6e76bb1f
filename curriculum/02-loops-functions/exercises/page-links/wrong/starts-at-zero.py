def page_links(total_items, per_page):
    pages = total_items // per_page
    if total_items % per_page != 0:
        pages += 1
    return list(range(pages))

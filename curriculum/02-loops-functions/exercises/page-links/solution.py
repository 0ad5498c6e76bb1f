def page_links(total_items, per_page):
    """Return the page numbers 1..n needed to show total_items, per_page at a time."""
    pages = total_items // per_page
    if total_items % per_page != 0:
        pages += 1
    return list(range(1, pages + 1))

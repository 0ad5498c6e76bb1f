def iter_items(fetch_page):
    """Yield every item of every page, fetching pages lazily by cursor."""
    cursor = None
    while True:
        page = fetch_page(cursor)
        yield from page["items"]
        cursor = page["next"]
        if cursor is None:
            return

def iter_items(fetch_page):
    cursor = None
    while True:
        page = fetch_page(cursor)
        if not page["items"]:
            return
        yield from page["items"]
        cursor = page["next"]
        if cursor is None:
            return

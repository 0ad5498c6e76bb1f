def iter_items(fetch_page):
    cursor = None
    while True:
        page = fetch_page(cursor)
        yield from page["items"]
        cursor = page["next"]
        if not cursor:
            return

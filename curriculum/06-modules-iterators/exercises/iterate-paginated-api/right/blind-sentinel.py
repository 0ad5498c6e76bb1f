_START = object()
def iter_items(fetch_page):
    cursor = _START
    while cursor is not None:
        page = fetch_page(None if cursor is _START else cursor)
        for item in page["items"]:
            yield item
        cursor = page["next"]

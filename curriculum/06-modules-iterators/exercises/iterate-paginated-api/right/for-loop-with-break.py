def iter_items(fetch_page):
    cursor = None
    first = True
    while first or cursor is not None:
        first = False
        response = fetch_page(cursor)
        for item in response["items"]:
            yield item
        cursor = response["next"]

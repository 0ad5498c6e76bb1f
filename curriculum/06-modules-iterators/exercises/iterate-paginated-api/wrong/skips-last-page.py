def iter_items(fetch_page):
    page = fetch_page(None)
    while page["next"] is not None:
        yield from page["items"]
        page = fetch_page(page["next"])

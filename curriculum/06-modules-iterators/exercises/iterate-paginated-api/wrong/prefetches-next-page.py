def iter_items(fetch_page):
    page = fetch_page(None)
    while True:
        # Fetch ahead so the next page is "ready": but the caller may never need it.
        upcoming = fetch_page(page["next"]) if page["next"] is not None else None
        yield from page["items"]
        if upcoming is None:
            return
        page = upcoming

def iter_items(fetch_page):
    """Yield every item of every page, fetching pages lazily by cursor."""
    # Your code here
    return []

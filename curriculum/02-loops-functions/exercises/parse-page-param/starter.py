def parse_page(raw, default=1, max_page=100):
    """Return the page number from raw, clamped to 1..max_page, or default when it is not a number."""
    return int(raw)

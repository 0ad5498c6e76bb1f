def parse_page(raw, default=1, max_page=100):
    try:
        page = int(raw)
    except (ValueError, TypeError):
        return default
    if page < 1:
        return default
    return min(page, max_page)

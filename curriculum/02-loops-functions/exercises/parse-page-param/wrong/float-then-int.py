def parse_page(raw, default=1, max_page=100):
    try:
        page = int(float(raw))
    except (ValueError, TypeError):
        return default
    return max(1, min(page, max_page))

def parse_page(raw, default=1, max_page=100):
    try:
        page = int(raw)
    except (ValueError, TypeError):
        return int(default)
    return max(1, min(page, max_page))

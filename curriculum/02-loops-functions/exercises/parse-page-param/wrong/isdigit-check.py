def parse_page(raw, default=1, max_page=100):
    if raw is None or not raw.isdigit():
        return default
    page = int(raw)
    return max(1, min(page, max_page))

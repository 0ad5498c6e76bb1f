def parse_page(raw, default=1, max_page=100):
    try:
        n = int(raw)
    except ValueError:
        return default
    except TypeError:
        return default
    if n > max_page:
        n = max_page
    if n < 1:
        n = 1
    return n

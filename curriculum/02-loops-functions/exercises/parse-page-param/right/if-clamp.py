def parse_page(raw, default=1, max_page=100):
    try:
        number = int(raw)
    except ValueError:
        return default
    except TypeError:
        return default
    if number < 1:
        number = 1
    elif number > max_page:
        number = max_page
    return number

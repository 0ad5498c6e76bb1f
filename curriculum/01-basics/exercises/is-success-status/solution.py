def is_success(code):
    """Return True when code is a 2xx status code."""
    return 200 <= code < 300

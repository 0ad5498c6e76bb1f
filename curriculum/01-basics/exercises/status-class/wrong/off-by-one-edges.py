def status_class(code):
    if 100 < code < 200:
        return "informational"
    elif 200 <= code < 300:
        return "success"
    elif 300 <= code < 400:
        return "redirect"
    elif 400 <= code < 500:
        return "client error"
    elif 500 <= code <= 600:
        return "server error"
    return "unknown"

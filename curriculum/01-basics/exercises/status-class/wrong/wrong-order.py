def status_class(code):
    if code < 100 or code >= 600:
        return "unknown"
    if code < 500:
        return "client error"
    elif code < 400:
        return "redirect"
    elif code < 300:
        return "success"
    elif code < 200:
        return "informational"
    return "server error"

def status_class(code):
    if code >= 500:
        return "server error"
    elif code >= 400:
        return "client error"
    elif code >= 300:
        return "redirect"
    elif code >= 200:
        return "success"
    elif code >= 100:
        return "informational"
    return "unknown"

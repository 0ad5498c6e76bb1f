def status_class(code):
    names = {"1": "informational", "2": "success", "3": "redirect",
             "4": "client error", "5": "server error"}
    if code < 100:
        return "unknown"
    return names.get(str(code)[0], "unknown")

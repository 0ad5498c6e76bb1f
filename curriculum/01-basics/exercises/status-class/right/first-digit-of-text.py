def status_class(code):
    s = str(code)
    if len(s) != 3:
        return "unknown"
    return {"1": "informational", "2": "success", "3": "redirect", "4": "client error", "5": "server error"}.get(s[0], "unknown")

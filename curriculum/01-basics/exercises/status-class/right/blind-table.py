_RANGES = [(range(100, 200), "informational"), (range(200, 300), "success"), (range(300, 400), "redirect"),
           (range(400, 500), "client error"), (range(500, 600), "server error")]
def status_class(code):
    for r, name in _RANGES:
        if code in r:
            return name
    return "unknown"

def status_class(code):
    names = {1: "informational", 2: "success", 3: "redirect", 4: "client error", 5: "server error"}
    return names.get(code // 100, "unknown")

def is_success(code):
    return str(code).startswith("2")

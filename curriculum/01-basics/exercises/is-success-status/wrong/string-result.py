def is_success(code):
    if 200 <= code < 300:
        return "yes"
    return "no"

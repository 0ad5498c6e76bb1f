def is_success(code):
    return code >= 200 and code <= 300

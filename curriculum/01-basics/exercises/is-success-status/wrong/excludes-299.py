def is_success(code):
    return 200 <= code < 299

def is_success(code):
    return code // 100 == 2

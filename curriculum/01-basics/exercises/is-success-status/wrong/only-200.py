def is_success(code):
    return code == 200

def is_success(code):
    return code in (200, 201, 202, 204)

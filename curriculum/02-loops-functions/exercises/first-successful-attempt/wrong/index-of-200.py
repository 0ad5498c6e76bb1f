def first_success(responses, max_attempts):
    for code in (200, 201, 202, 204):
        if code in responses[:max_attempts]:
            return responses.index(code) + 1
    return None

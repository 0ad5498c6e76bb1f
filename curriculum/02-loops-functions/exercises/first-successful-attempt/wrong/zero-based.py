def first_success(responses, max_attempts):
    index = 0
    while index < max_attempts and index < len(responses):
        if 200 <= responses[index] < 300:
            return index
        index += 1
    return None

def first_success(responses, max_attempts):
    attempt = 1
    while attempt <= max_attempts and attempt <= len(responses):
        if responses[attempt - 1] < 300:
            return attempt
        attempt += 1
    return None

def first_success(responses, max_attempts):
    """Return the 1-based attempt number of the first 2xx response, or None."""
    attempt = 1
    while attempt <= max_attempts and attempt <= len(responses):
        status = responses[attempt - 1]
        if 200 <= status < 300:
            return attempt
        attempt += 1
    return None

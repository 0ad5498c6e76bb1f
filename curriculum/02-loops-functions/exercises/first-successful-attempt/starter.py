def first_success(responses, max_attempts):
    """Return the 1-based attempt number of the first 2xx response, or None."""
    attempt = 1
    # Your code here
    return None

def is_success(code):
    """Return True when code is a 2xx status code."""
    # Your code here

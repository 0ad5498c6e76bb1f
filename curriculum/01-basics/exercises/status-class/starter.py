def status_class(code):
    """Return the name of the status class of code."""
    # Your code here
    return "unknown"

class ApiError(Exception):
    status = 500
    code = "internal_error"
    # Your code here


def to_response(error):
    """Turn any exception into (status, body, headers)."""
    pass

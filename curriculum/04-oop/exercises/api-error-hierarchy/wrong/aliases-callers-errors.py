class ApiError(Exception):
    """Base of every error the API reports to its clients."""

    status = 500
    code = "internal_error"

    def __init__(self, message="internal server error"):
        super().__init__(message)
        self.message = message

    def body(self):
        return {"error": self.code, "message": self.message}

    def headers(self):
        return {}


class NotFound(ApiError):
    status = 404
    code = "not_found"


class ValidationFailed(ApiError):
    status = 422
    code = "validation_failed"

    def __init__(self, errors):
        super().__init__("invalid request")
        self.errors = errors

    def body(self):
        return {**super().body(), "fields": self.errors}


class RateLimited(ApiError):
    status = 429
    code = "rate_limited"

    def __init__(self, retry_after):
        super().__init__(f"retry in {retry_after}s")
        self.retry_after = retry_after

    def headers(self):
        return {"Retry-After": str(self.retry_after)}


def to_response(error):
    """Turn any exception into (status, body, headers)."""
    if not isinstance(error, ApiError):
        error = ApiError()
    return (error.status, error.body(), error.headers())

class ApiError(Exception):
    status = 500
    code = "internal_error"

    def __init__(self, message="internal server error"):
        self.message = message
        Exception.__init__(self, message)


class NotFound(ApiError):
    status, code = 404, "not_found"


class ValidationFailed(ApiError):
    status, code = 422, "validation_failed"

    def __init__(self, errors):
        ApiError.__init__(self, "invalid request")
        self.errors = {**errors}


class RateLimited(ApiError):
    status, code = 429, "rate_limited"

    def __init__(self, retry_after):
        ApiError.__init__(self, "retry in %ds" % retry_after)
        self.retry_after = retry_after


def to_response(error):
    if not isinstance(error, ApiError):
        return 500, {"error": "internal_error", "message": "internal server error"}, {}
    body = {"error": error.code, "message": error.message}
    headers = {}
    if isinstance(error, ValidationFailed):
        body["fields"] = dict(error.errors)
    if isinstance(error, RateLimited):
        headers["Retry-After"] = str(error.retry_after)
    return error.status, body, headers

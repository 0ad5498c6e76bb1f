"""Domain errors shared by every package. The web layer maps them to HTTP problems."""

from __future__ import annotations


class DomainError(Exception):
    """Base of errors a client caused and can fix; ``detail`` says how."""

    status = 400
    title = "Bad request"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(DomainError):
    status = 404
    title = "Not found"


class Conflict(DomainError):
    status = 409
    title = "Conflict"


class Unauthenticated(DomainError):
    status = 401
    title = "Not logged in"


class Forbidden(DomainError):
    status = 403
    title = "Forbidden"


class TooLarge(DomainError):
    status = 413
    title = "Content too large"


class InvalidInput(DomainError):
    status = 422
    title = "Invalid input"


class TooManyRequests(DomainError):
    status = 429
    title = "Too many requests"

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after

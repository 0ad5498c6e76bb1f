"""One error shape for the whole API: RFC 9457 problem details (application/problem+json)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from pyroad.accounts.models import TokenKind
from pyroad.accounts.services import user_for_token
from pyroad.curriculum.suggest import closest
from pyroad.errors import DomainError, Unauthenticated
from pyroad.web.deps import SESSION_COOKIE

log = logging.getLogger("pyroad.web")
PROBLEM_JSON = "application/problem+json"


class BodyTooLarge(Exception):
    """Raised by the body-size guard when a streamed body passes the cap."""


TOO_LARGE_DETAIL = (
    "the request body is over 1 MiB: code submissions may be at most 64 KiB, curriculum zip "
    "uploads 512 KiB"
)


class FieldError(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem: what went wrong (title), and what to do about it (detail)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[FieldError] | None = None


def problem_response(
    request: Request,
    status: int,
    title: str,
    detail: str,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    if not _wants_json(request):
        if status == 401:
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        templates: Jinja2Templates = request.app.state.templates
        return templates.TemplateResponse(
            request,
            "error.html",
            {
                "status": status,
                "title": title,
                "detail": detail,
                "user": _page_user(request),
                "missing": _missing_page(request) if status in (404, 422) else None,
            },
            status_code=status,
        )
    body = Problem(
        title=title, status=status, detail=detail, instance=request.url.path, errors=errors
    )
    headers = dict(headers or {})
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(
        body.model_dump(exclude_none=True),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


@dataclass(frozen=True)
class MissingPage:
    """What a learner's link pointed at, in their words, with the nearest real pages."""

    kind: str  # "lesson" or "exercise"
    slug: str
    nearest: list[tuple[str, str]]  # (url, title)


def _missing_page(request: Request) -> MissingPage | None:
    """For /lessons/<slug> and /exercises/<slug>: which page was asked for, and close ones."""
    parts = request.url.path.strip("/").split("/")
    platform = getattr(request.app.state, "platform", None)
    if len(parts) != 2 or parts[0] not in ("lessons", "exercises") or platform is None:
        return None
    catalog = platform.catalog
    pages = catalog.lessons if parts[0] == "lessons" else catalog.exercises
    titles = {page.slug: page.title for page in pages}
    nearest = [(f"/{parts[0]}/{slug}", titles[slug]) for slug in closest(parts[1], titles)]
    return MissingPage(parts[0].removesuffix("s"), parts[1][:100], nearest)


def _page_user(request: Request) -> Any:
    """The logged-in user for an error page's header (None when unknown or expired)."""
    token = request.cookies.get(SESSION_COOKIE)
    platform = getattr(request.app.state, "platform", None)
    if not token or platform is None:
        return None
    with platform.sessions() as session:
        try:
            return user_for_token(session, token, TokenKind.SESSION)
        except DomainError:
            return None


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return (
        path.startswith("/api/")
        or path in ("/healthz",)
        or "text/html" not in request.headers.get("accept", "")
    )


def _field_errors(error: RequestValidationError) -> list[FieldError]:
    result = []
    for item in error.errors():
        location = ".".join(str(part) for part in item.get("loc", ()) if part != "body") or "body"
        result.append(FieldError(field=location, message=_friendly(location, item)))
    return result


def _friendly(field: str, item: dict[str, Any]) -> str:
    """Pydantic's message, except where it would show a regex or jargon to a person."""
    kind = item.get("type")
    if kind == "string_pattern_mismatch":
        if field.endswith("email"):
            return "not a valid e-mail address (like ada@example.com)"
        return "contains characters that are not allowed (control characters)"
    if kind in ("model_attributes_type", "dict_type") and field == "body":
        return "send a JSON object with Content-Type: application/json"
    if kind == "string_too_short" and field.endswith("password"):
        return f"use at least {item.get('ctx', {}).get('min_length', 8)} characters"
    return str(item.get("msg", "invalid"))


def install(app: FastAPI) -> None:
    document_problems(app)

    @app.exception_handler(DomainError)
    def domain_error(request: Request, error: DomainError) -> Response:
        retry_after = getattr(error, "retry_after", None)
        headers = {"Retry-After": str(retry_after)} if retry_after else None
        return problem_response(request, error.status, error.title, error.detail, headers=headers)

    @app.exception_handler(RequestValidationError)
    def validation_error(request: Request, error: RequestValidationError) -> Response:
        kinds = {item.get("type") for item in error.errors()}
        if "json_invalid" in kinds:
            return problem_response(
                request,
                400,
                "Malformed JSON",
                "the request body is not valid JSON (check quotes, commas and that it is UTF-8)",
            )
        errors = _field_errors(error)
        detail = "; ".join(f"{e.field}: {e.message}" for e in errors)
        return problem_response(request, 422, "Invalid request", detail, errors)

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, error: StarletteHTTPException) -> Response:
        title = {400: "Bad request", 404: "Not found", 405: "Method not allowed"}.get(
            error.status_code, "Error"
        )
        detail = str(error.detail) if error.detail else title
        if error.status_code == 400 and detail == "There was an error parsing the body":
            title = "Malformed request body"
            detail = "the request body could not be read: send UTF-8 encoded JSON"
        if error.status_code == 404 and detail == "Not Found":
            detail = f"no such page or endpoint: {request.url.path}"
        if isinstance(error.__cause__, BodyTooLarge):  # FastAPI wraps body-read errors in a 400
            return problem_response(request, 413, "Content too large", TOO_LARGE_DETAIL)
        headers = dict(error.headers or {})
        if error.status_code == 405:
            headers["Allow"] = ", ".join(_allowed_methods(request))
        return problem_response(request, error.status_code, title, detail, headers=headers)

    @app.exception_handler(PoolTimeout)
    def pool_exhausted(request: Request, error: PoolTimeout) -> Response:
        log.warning("no free database connection for %s %s", request.method, request.url.path)
        return _unavailable(request, POOL_RETRY_AFTER_S)

    @app.exception_handler(DBAPIError)
    def database_error(request: Request, error: DBAPIError) -> Response:
        if not connection_failed(error):
            raise error  # a bug: on to the 500 handler below, as before
        log.warning(
            "database connection lost on %s %s: %s",
            request.method,
            request.url.path,
            str(error.orig).splitlines()[0] if error.orig else error,
        )
        return _unavailable(request, DISCONNECT_RETRY_AFTER_S)

    @app.exception_handler(Exception)
    def server_error(request: Request, error: Exception) -> Response:
        # exc_info explicitly: sync handlers run in the threadpool, outside the except block.
        log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
        return problem_response(
            request, 500, "Server error", "something broke on our side; it has been logged"
        )


POOL_RETRY_AFTER_S = 2
DISCONNECT_RETRY_AFTER_S = 5
UNAVAILABLE_DETAIL = "the database is busy or unreachable right now; try again in a few seconds"


def connection_failed(error: DBAPIError) -> bool:
    """A lost or refused database connection (a 503), as opposed to a bug in a query (a 500).

    SQLAlchemy marks errors it recognises as disconnects ``connection_invalidated``; an
    OperationalError without a statement was raised while connecting (server down, refused).
    """
    return error.connection_invalidated or (
        isinstance(error, OperationalError) and error.statement is None
    )


def _unavailable(request: Request, retry_after: int) -> Response:
    """503 + Retry-After; error pages skip the usual user look-up, which needs the database."""
    headers = {"Retry-After": str(retry_after)}
    if _wants_json(request):
        return problem_response(
            request, 503, "Service unavailable", UNAVAILABLE_DETAIL, headers=headers
        )
    templates: Jinja2Templates = request.app.state.templates
    context = {
        "status": 503,
        "title": "Service unavailable",
        "detail": UNAVAILABLE_DETAIL,
        "user": None,
    }
    return templates.TemplateResponse(
        request, "error.html", context, status_code=503, headers=headers
    )


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route fully matches at this path (Starlette names only the first's).

    Asks the router itself, so included routers and mounts are covered as they match.
    """
    return [
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL
            for route in request.app.router.routes
        )
    ]


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def document_problems(app: FastAPI) -> None:
    """Make the OpenAPI spec say what the API does: every 4xx is problem+json of ``Problem``."""
    from fastapi.openapi.utils import get_openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        spec = get_openapi(
            title=app.title, version=app.version, summary=app.summary, routes=app.routes
        )
        components = spec.setdefault("components", {}).setdefault("schemas", {})
        components["Problem"] = Problem.model_json_schema(
            ref_template="#/components/schemas/{model}"
        )
        components["FieldError"] = components["Problem"].pop("$defs")["FieldError"]
        for name in ("HTTPValidationError", "ValidationError"):
            components.pop(name, None)
        for path_item in spec.get("paths", {}).values():
            for operation in path_item.values():
                responses = operation.get("responses", {})
                responses.setdefault("422", {"description": _DESCRIPTIONS[422]})
                if "requestBody" in operation:
                    responses.setdefault("400", {"description": _DESCRIPTIONS[400]})
                    responses.setdefault("413", {"description": _DESCRIPTIONS[413]})
                for status, response in responses.items():
                    if status.isdigit() and int(status) >= 400:
                        response["content"] = {
                            PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}
                        }
        app.openapi_schema = spec
        return spec

    app.openapi = openapi  # type: ignore[method-assign]


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI documentation of the problem responses a route can give."""
    return {status: {"description": _DESCRIPTIONS[status]} for status in statuses}


_DESCRIPTIONS = {
    400: "Malformed request",
    401: "Not logged in, or the session expired",
    403: "Not allowed",
    404: "No such resource",
    409: "Conflicts with existing data",
    413: "Body or code too large",
    422: "Request body failed validation",
    429: "Too many attempts; see Retry-After",
    503: "Database busy or unreachable; see Retry-After",
}

__all__ = ["Problem", "Unauthenticated", "install", "problem_response", "problem_responses"]

"""Per-request id, access log line and request metrics, as one pure ASGI middleware.

Pure ASGI (not ``BaseHTTPMiddleware``) so the request id bound here is seen by everything
that runs for the request: handlers, the threadpool (anyio copies the context), and the
grading message the request enqueues. The route label is the matched template
(``/api/v1/exercises/{slug}``), never the raw path, so label values stay bounded.
"""

from __future__ import annotations

import re
import time

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pyroad.observability.logs import REQUEST_ID_HEADER, get_logger, request_id_from
from pyroad.observability.metrics import observe_request

access = get_logger("pyroad.access")
_HEADER = REQUEST_ID_HEADER.lower().encode()
UNMATCHED = "unmatched"
_PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")


def route_template(scope: Scope, root_path: str = "") -> str:
    """The full path template the router matched (``/api/v1/exercises/{slug}``; a mount's
    prefix + ``/{path}``), else ``unmatched``. ``root_path`` is the scope's before routing.

    The matched route knows only its own template (routers included with a prefix keep
    their routes as declared), so the prefix is what the raw path has before the route's
    template filled with the request's path parameters.
    """
    route = scope.get("route")
    template = getattr(route, "path", None)
    if not isinstance(template, str):
        mounted: str = scope.get("root_path", "")
        if mounted != root_path and mounted.startswith(root_path):
            return mounted[len(root_path) :] + "/{path}"  # a mount sets its prefix there
        return UNMATCHED
    params = scope.get("path_params", {})
    try:
        filled = _PARAM.sub(lambda match: str(params[match.group(1)]), template)
    except KeyError:
        return template
    path: str = scope.get("path", "")
    if filled and path.endswith(filled):
        return path[: len(path) - len(filled)] + template
    return template


class RequestObservability:
    """Bind ``request_id`` (the client's X-Request-ID if well-formed, else a new one), echo
    it in the response, then record the request's latency and log one access line."""

    def __init__(self, app: ASGIApp, metrics: bool = True) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        root_path = scope.get("root_path", "")
        incoming = None
        for name, value in scope["headers"]:
            if name == _HEADER:
                incoming = value.decode("latin-1")
                break
        request_id = request_id_from(incoming)
        tokens = structlog.contextvars.bind_contextvars(request_id=request_id)
        status = 500  # what the server answers if the app fails before starting a response

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [*message.get("headers", ()), (_HEADER, request_id.encode())]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = route_template(scope, root_path)
            if self.metrics:
                observe_request(scope["method"], route, status, elapsed)
            client = scope.get("client")
            access.info(
                "request",
                method=scope["method"],
                path=scope["path"],  # never the query string: it can carry tokens
                route=route,
                status=status,
                duration_ms=round(elapsed * 1000, 2),
                client=client[0] if client else None,
            )
            structlog.contextvars.reset_contextvars(**tokens)

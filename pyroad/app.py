"""The FastAPI application factory."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from swagger_ui_bundle import swagger_ui_path

from pyroad import __version__, heap
from pyroad.config import Settings, get_settings
from pyroad.grading.sandbox import Sandbox
from pyroad.grading_process import GradingProcess, begin_grading
from pyroad.observability.logs import configure_logging
from pyroad.observability.middleware import RequestObservability
from pyroad.observability.routes import metrics_router, ready_router
from pyroad.platform import Platform, build_platform
from pyroad.web import errors
from pyroad.web.api import router as api_router
from pyroad.web.errors import TOO_LARGE_DETAIL, BodyTooLarge
from pyroad.web.pages import router as pages_router
from pyroad.web.read_cache import ReadCache

WEB = Path(__file__).resolve().parent / "web"
MAX_BODY_BYTES = 1_048_576


class BodyLimit:
    """Refuse request bodies over a cap before anything parses them (413, problem JSON)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise BodyTooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except BodyTooLarge:  # raised before the app started its response
            await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        scope_path = scope.get("path", "")
        body = json.dumps(
            {
                "type": "about:blank",
                "title": "Content too large",
                "status": 413,
                "detail": TOO_LARGE_DETAIL,
                "instance": scope_path,
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/problem+json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def create_app(
    settings: Settings | None = None,
    platform: Platform | None = None,
    sandbox: Sandbox | None = None,
    grading: GradingProcess | None = None,
) -> FastAPI:
    """Build the app. With no ``platform`` given, the lifespan builds and owns one
    (grading in ``sandbox`` if given, else in the one the settings choose): in a grading
    process of its own (``grading``, if ``pyroad serve`` began one while it started)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # A live platform already on the app (given, or set before start-up) is used as
        # is and left open; otherwise one is built for this run and closed after it.
        given = platform or getattr(app.state, "platform", None)
        owned = given is None or given.closed
        child = grading if owned else None
        if child is None and owned and settings.embedded_worker:
            child = begin_grading(settings, sandbox)  # builds its platform while we build ours
        try:
            app.state.platform = build_platform(settings, sandbox) if owned else given
        except BaseException:
            if child is not None:
                child.stop()
            raise
        try:
            if child is not None:
                app.state.platform.start_grading_process(child)
            elif owned and settings.embedded_worker:
                app.state.platform.start_workers()
        except BaseException:
            if owned:
                app.state.platform.close()
            raise
        heap.settle()
        if getattr(app.state, "public_url", None):
            print(f"pyroad is ready at {app.state.public_url}", flush=True)
        try:
            yield
        finally:
            loop_versions = getattr(app.state, "loop_versions", None)
            if loop_versions is not None:
                await loop_versions.aclose()
            if owned:
                app.state.platform.close()

    app = FastAPI(
        docs_url=None,  # served below from our own copy of Swagger UI, not a CDN
        title="pyroad",
        version=__version__,
        summary="Learn Python backend development: roadmap, lessons, sandboxed exercise grading.",
        lifespan=lifespan,
        # /metrics (prometheus-client) and our logs observe requests; FastAPI's OpenTelemetry
        # hooks would look the providers up on every request for nothing.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.templates = Jinja2Templates(directory=WEB / "templates")
    app.state.settings = settings
    app.state.read_cache = ReadCache()
    if platform is not None:
        app.state.platform = platform
    errors.install(app)

    @app.get("/healthz", tags=["ops"])
    async def healthz() -> dict[str, str]:
        """Liveness: the process answers (first route, on the loop: probes cost nothing)."""
        return {"status": "ok"}

    app.include_router(ready_router)
    if settings.metrics:
        app.include_router(metrics_router)
    app.include_router(api_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")
    app.mount("/swagger-ui", StaticFiles(directory=swagger_ui_path), name="swagger-ui")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        """The interactive API documentation; works without internet access."""
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="pyroad API",
            swagger_js_url="/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/swagger-ui/favicon-32x32.png",
        )

    app.add_middleware(GZipMiddleware, minimum_size=2048)  # the editor bundle: 420 → ~140 KB
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    # Outermost: its request id and timing cover everything, 413s and 500s included.
    app.add_middleware(RequestObservability, metrics=settings.metrics)
    configure_logging(settings)
    return app

"""``/metrics`` (Prometheus text, left out of the OpenAPI document) and ``/readyz``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from pyroad.observability import readiness
from pyroad.observability.metrics import Exposition

ready_router = APIRouter()
metrics_router = APIRouter()  # included only when PYROAD_METRICS is true


@ready_router.get(
    "/readyz", tags=["ops"], responses={503: {"description": "Not ready: see detail"}}
)
async def readyz(request: Request) -> Any:
    """Readiness: the database answers, the broker answers, this process can grade (if it
    grades). 503 problem+json with Retry-After names what is down."""
    ready, checks = await readiness.readiness(request.app.state.platform)
    if ready:
        return checks
    down = "; ".join(f"{name}: {why}" for name, why in checks.items() if why != readiness.OK)
    return JSONResponse(
        {
            "type": "about:blank",
            "title": "Not ready",
            "status": 503,
            "detail": down,
            "instance": request.url.path,
            "checks": checks,
        },
        status_code=503,
        media_type="application/problem+json",
        headers={"Retry-After": readiness.retry_after()},
    )


@metrics_router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    """Prometheus scrape endpoint (PYROAD_METRICS=false turns it off: 404)."""
    state = request.app.state
    exposition: Exposition | None = getattr(state, "exposition", None)
    if exposition is None:
        exposition = state.exposition = Exposition(state.platform)
    body, content_type = exposition.render()
    return Response(body, media_type=content_type)

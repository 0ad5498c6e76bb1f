"""JSON responses serialised once, with an ETag, so an unchanged poll costs a 304 and no body.

Routes keep their ``response_model`` (the OpenAPI schema) and return ``json_model(...)``:
FastAPI then skips re-validating a model we built ourselves from trusted data.
"""

from __future__ import annotations

import hashlib

from fastapi import Request, Response
from pydantic import BaseModel

# Private (per-learner data) and always revalidated: a browser reuses its copy only after
# the server answered 304 to the copy's ETag.
CACHE_CONTROL = "private, no-cache"
NOT_MODIFIED: dict[int | str, dict[str, str]] = {
    304: {"description": "Not modified: the `If-None-Match` ETag is still current"}
}


def etag_of(body: bytes) -> str:
    return f'W/"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'


def matches_etag(header: str | None, etag: str) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    sent = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return etag.removeprefix("W/") in sent


def json_body(request: Request, body: bytes, status_code: int = 200) -> Response:
    """``body`` as JSON with its ETag, or 304 Not Modified when the client holds it."""
    etag = etag_of(body)
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if status_code == 200 and matches_etag(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(body, status_code, headers, media_type="application/json")


def json_model(request: Request, model: BaseModel, status_code: int = 200) -> Response:
    return json_body(request, model.__pydantic_serializer__.to_json(model), status_code)

"""Run before Submit: run code in the sandbox, or send one request to a learner's web app.

Neither is stored, graded or counted as an attempt; both are rate-limited per learner.
"""

from __future__ import annotations

import json
import re

from fastapi import APIRouter

from pyroad.curriculum import suggest
from pyroad.errors import InvalidInput
from pyroad.running.console import has_console
from pyroad.running.runner import RunResult
from pyroad.running.schemas import RequestIn, RequestOut, ResponseOut, RunIn, RunOut
from pyroad.submissions.services import validate_code
from pyroad.web.deps import CatalogDep, CurrentUser, PlatformDep
from pyroad.web.errors import problem_responses

router = APIRouter(tags=["runs"])
HEADER_NAME = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$")


@router.post(
    "/run", response_model=RunOut, responses=problem_responses(400, 401, 403, 404, 413, 422, 429)
)
def run(body: RunIn, user: CurrentUser, platform: PlatformDep, catalog: CatalogDep) -> RunOut:
    """Run the code as a script (`python file.py`) with `stdin`, in the grading sandbox.

    Nothing is graded or stored. With `exercise`, its time and memory limits apply, and for
    a git exercise the commands run on a fresh copy of its start repository.
    """
    exercise = suggest.require_exercise(catalog, body.exercise) if body.exercise else None
    validate_code(body.code, platform.settings.max_code_bytes)
    validate_code(body.stdin, platform.settings.max_code_bytes)
    with platform.run_limiter.hold(user.id):
        result = platform.runner.run(body.code, body.stdin, exercise)
    return _run_out(result)


@router.post(
    "/exercises/{slug}/request",
    response_model=RequestOut,
    responses=problem_responses(400, 401, 403, 404, 413, 422, 429),
)
def send_request(
    slug: str, body: RequestIn, user: CurrentUser, platform: PlatformDep, catalog: CatalogDep
) -> RequestOut:
    """Load the code as the exercise's module and send one HTTP request to its `app`.

    For exercises whose code is a web app (Flask, FastAPI or any ASGI/WSGI app, Django);
    `GET /exercises/{slug}` says `"console": true` for them.
    """
    exercise = suggest.require_exercise(catalog, slug)
    if not has_console(exercise):
        raise InvalidInput(
            f"exercise {slug!r} has no request console: its code is not a web app. "
            "Use POST /api/v1/run to run code."
        )
    validate_code(body.code, platform.settings.max_code_bytes)
    validate_code(body.body, platform.settings.max_code_bytes)
    headers = _checked_headers(body.headers)
    if body.body and not any(name.lower() == "content-type" for name in headers):
        headers["Content-Type"] = "application/json" if _is_json(body.body) else "text/plain"
    request = {
        "method": body.method.upper(),
        "path": body.path,
        "headers": headers,
        "body": body.body,
    }
    with platform.run_limiter.hold(user.id):
        result = platform.runner.request(body.code, exercise, request)
    response = ResponseOut(**result.response) if result.response is not None else None
    return RequestOut(**_run_out(result).model_dump(), response=response)


def _checked_headers(headers: dict[str, str]) -> dict[str, str]:
    for name, value in headers.items():
        if not HEADER_NAME.match(name):
            raise InvalidInput(f"headers: {name!r} is not a valid header name")
        if "\n" in value or "\r" in value:
            raise InvalidInput(f"headers: the value of {name} must fit on one line")
    return dict(headers)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _run_out(result: RunResult) -> RunOut:
    return RunOut(
        status=result.status,
        stdout=result.stdout,
        traceback=result.traceback,
        explanation=result.explanation,
        duration_ms=result.duration_ms,
        reads_input=result.reads_input,
    )

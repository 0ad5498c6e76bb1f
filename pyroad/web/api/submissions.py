"""Submissions: store (202), then poll for the verdict and per-test results."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.orm import Session, object_session

from pyroad.accounts.models import User
from pyroad.curriculum import suggest
from pyroad.curriculum.model import Catalog
from pyroad.curriculum.schemas import NextOut
from pyroad.learning import views
from pyroad.learning.services import first_unsolved, next_item, solved_slugs
from pyroad.submissions import services
from pyroad.submissions.models import Submission
from pyroad.submissions.schemas import (
    SubmissionAccepted,
    SubmissionIn,
    SubmissionOut,
    TestResultOut,
)
from pyroad.web.deps import CatalogDep, CurrentUser, PlatformDep, RowId, SessionDep
from pyroad.web.errors import problem_responses
from pyroad.web.responses import NOT_MODIFIED, json_model

log = logging.getLogger("pyroad.web")
router = APIRouter(tags=["submissions"])
SLUG_PATTERN = r"^[a-z0-9-]+$"


@router.post(
    "/exercises/{slug}/submissions",
    status_code=202,
    response_model=SubmissionAccepted,
    responses=problem_responses(400, 401, 403, 404, 413, 422, 429),
)
def submit(
    slug: str,
    body: SubmissionIn,
    response: Response,
    user: CurrentUser,
    session: SessionDep,
    platform: PlatformDep,
) -> SubmissionAccepted:
    """Store the code (committed before grading starts) and queue it for grading.

    Rate-limited per learner (429 with Retry-After), generously: a person never notices.
    When the grading queue is full (`PYROAD_QUEUE_LIMIT` waiting) the answer is also 429
    with Retry-After, and the submission is **not stored**: submit it again after the wait.
    """
    suggest.require_exercise(platform.catalog, slug)
    platform.queue_gate.admit()
    platform.submit_limiter.record(user.id)
    submission = services.create(
        session, platform.catalog, user, slug, body.code, platform.settings.max_code_bytes
    )
    session.commit()
    try:
        platform.submit(submission.id)
    except Exception:  # stored is what matters: the sweep enqueues it once the broker is back
        log.exception("could not enqueue submission %s; the sweep will", submission.id)
    url = f"/api/v1/submissions/{submission.id}"
    response.headers["Location"] = url
    return SubmissionAccepted(id=submission.id, status=submission.status.value, url=url)


@router.get(
    "/submissions/{submission_id}",
    response_model=SubmissionOut,
    responses={**problem_responses(401, 404), **NOT_MODIFIED},
)
def get_submission(
    request: Request,
    submission_id: RowId,
    user: CurrentUser,
    session: SessionDep,
    catalog: CatalogDep,
) -> Response:
    """Status, and once done the verdict and per-test results.

    Pushed instead: `GET /submissions/{id}/events` (server-sent events). A poll carries an
    ETag: send it back in `If-None-Match` and an unchanged submission answers 304, no body.
    """
    return json_model(request, submission_view(session, user, submission_id, catalog))


def submission_view(
    session: Session, user: User, submission_id: int, catalog: Catalog
) -> SubmissionOut:
    """What a poll answers (and the event stream's last event): the submission as it is now."""
    submission = services.get_visible(session, user, submission_id)
    upcoming, path_next = None, None
    if submission.verdict == "passed":
        slug = submission.exercise_slug
        solved = frozenset(solved_slugs(session, user))  # read once for both
        following = first_unsolved(catalog, solved, after=slug)
        upcoming = following.slug if following else None
        # Progress read after the verdict: this pass counts, unread lessons are not skipped.
        path_next = views.next_out(next_item(session, catalog, user, after=slug, solved=solved))
    return submission_out(submission, upcoming, catalog, path_next=path_next)


@router.get(
    "/submissions", response_model=list[SubmissionOut], responses=problem_responses(401, 422)
)
def list_submissions(
    user: CurrentUser,
    session: SessionDep,
    catalog: CatalogDep,
    exercise: str | None = Query(None, max_length=100, pattern=SLUG_PATTERN),
    limit: int = Query(20, ge=1, le=100),
) -> list[SubmissionOut]:
    """This learner's latest submissions, newest first."""
    found = services.list_for(session, user, exercise, limit)
    attempts = services.attempt_numbers(session, found)
    return [submission_out(s, catalog=catalog, attempt=attempts[s.id]) for s in found]


def submission_out(
    submission: Submission,
    next_slug: str | None = None,
    catalog: Catalog | None = None,
    *,
    attempt: int | None = None,
    path_next: NextOut | None = None,
) -> SubmissionOut:
    """The API shape; ``attempt`` is counted here when not given (lists count theirs at once)."""
    if attempt is None:
        session = object_session(submission)
        assert session is not None, "a submission read from the database"
        attempt = services.attempt_number(session, submission)
    result = submission.result or {}
    tests = result.get("tests")
    if tests is not None and catalog is not None:
        tests = services.shown_tests(tests, catalog, submission.exercise_slug)
    return SubmissionOut(
        id=submission.id,
        exercise=submission.exercise_slug,
        attempt=attempt,
        status=submission.status.value,
        verdict=submission.verdict,
        summary=submission.summary,
        created_at=submission.created_at,
        finished_at=submission.finished_at,
        duration_ms=submission.duration_ms,
        tests=[TestResultOut(**test) for test in tests] if tests is not None else None,
        traceback=result.get("traceback", ""),
        explanation=result.get("explanation", ""),
        stdout=result.get("stdout", ""),
        next_exercise=next_slug,
        next=path_next,
    )

"""Store submissions, claim them for grading exactly once, record results, recover the stuck."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from pyroad.accounts.models import Role, User
from pyroad.curriculum.model import Catalog
from pyroad.db import utcnow
from pyroad.errors import InvalidInput, NotFound, TooLarge
from pyroad.grading.grader import GradeReport, TestResult, Verdict
from pyroad.submissions.models import Submission, SubmissionStatus

MAX_ATTEMPTS = 3


def validate_code(code: str, max_bytes: int) -> None:
    size = len(code.encode("utf-8", errors="surrogatepass"))
    if size > max_bytes:
        raise TooLarge(
            f"code is {size} bytes; the limit is {max_bytes} bytes ({max_bytes // 1024} KiB). "
            "Submit only your solution."
        )
    if "\x00" in code:
        raise InvalidInput("code contains a NUL character; submit plain text")
    try:
        code.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput("code is not valid UTF-8 text") from None


def create(
    session: Session, catalog: Catalog, user: User, slug: str, code: str, max_bytes: int
) -> Submission:
    """Validate and store a submission (status queued). The caller commits, then enqueues."""
    catalog.require_exercise(slug)
    validate_code(code, max_bytes)
    submission = Submission(user_id=user.id, exercise_slug=slug, code=code)
    session.add(submission)
    session.flush()
    return submission


def get_visible(session: Session, user: User, submission_id: int) -> Submission:
    """A submission its owner (or an admin) may see; others get the same 404 as a missing id."""
    submission = session.get(Submission, submission_id)
    if submission is None or (submission.user_id != user.id and user.role is not Role.ADMIN):
        raise NotFound(f"no submission with id {submission_id}")
    return submission


def list_for(
    session: Session, user: User, slug: str | None = None, limit: int = 20
) -> list[Submission]:
    query = select(Submission).where(Submission.user_id == user.id)
    if slug:
        query = query.where(Submission.exercise_slug == slug)
    return list(session.scalars(query.order_by(Submission.id.desc()).limit(limit)))


def claim(session: Session, submission_id: int) -> Submission | None:
    """Move queued → running atomically; None if another worker has it or it is done."""
    result = session.execute(
        update(Submission)
        .where(Submission.id == submission_id, Submission.status == SubmissionStatus.QUEUED)
        .values(
            status=SubmissionStatus.RUNNING, attempts=Submission.attempts + 1, updated_at=utcnow()
        )
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return session.get(Submission, submission_id)


def finish(session: Session, submission_id: int, report: GradeReport) -> None:
    submission = session.get(Submission, submission_id)
    if submission is None or submission.status is SubmissionStatus.DONE:
        return
    submission.status = SubmissionStatus.DONE
    submission.verdict = report.verdict.value
    submission.summary = report.summary
    submission.result = report_to_json(report)
    submission.duration_ms = report.duration_ms
    submission.finished_at = submission.updated_at = utcnow()


def record_partial(
    session: Session, submission_id: int, done: list[TestResult], names: list[str]
) -> None:
    """Publish the tests finished so far (the rest as pending) while the run goes on."""
    submission = session.get(Submission, submission_id)
    if submission is None or submission.status is not SubmissionStatus.RUNNING:
        return
    finished = {test.name: test for test in done}
    submission.result = {
        "tests": [
            _test_json(finished[name]) if name in finished else {**_PENDING, "name": name}
            for name in names
        ]
    }
    submission.updated_at = utcnow()


_PENDING = {"status": "pending", "message": "", "stdout": "", "traceback": ""}


def release(session: Session, submission_id: int, reason: str) -> bool:
    """After an internal failure: back to queued for a retry, or done/internal when out of tries.

    Returns True when the submission should be retried.
    """
    submission = session.get(Submission, submission_id)
    if submission is None or submission.status is SubmissionStatus.DONE:
        return False
    if submission.attempts >= MAX_ATTEMPTS:
        finish(
            session,
            submission_id,
            GradeReport(Verdict.INTERNAL, summary=f"Grading failed: {reason}"),
        )
        return False
    submission.status = SubmissionStatus.QUEUED
    submission.updated_at = utcnow()
    return True


def recoverable(
    session: Session, stuck_after_s: int, *, include_running: bool = False
) -> list[int]:
    """Ids to re-enqueue: queued ones, and running ones whose worker has gone quiet.

    ``include_running`` is for the embedded server at start-up: no other process can be
    grading, so anything still "running" was interrupted by a crash.
    """
    deadline = utcnow() - timedelta(seconds=stuck_after_s)
    stale = Submission.status == SubmissionStatus.RUNNING
    if not include_running:
        stale = stale & (Submission.updated_at < deadline)
    ids = list(session.scalars(select(Submission.id).where(stale)))
    for submission_id in ids:
        release(session, submission_id, "the grader stopped while grading (crash or restart)")
    return list(
        session.scalars(
            select(Submission.id)
            .where(or_(Submission.status == SubmissionStatus.QUEUED))
            .order_by(Submission.id)
        )
    )


def report_to_json(report: GradeReport) -> dict[str, Any]:
    return {
        "verdict": report.verdict.value,
        "summary": report.summary,
        "traceback": report.traceback,
        "explanation": report.explanation,
        "stdout": report.stdout,
        "tests": [_test_json(test) for test in report.tests],
    }


def _test_json(test: TestResult) -> dict[str, Any]:
    return {**asdict(test), "status": test.status.value}

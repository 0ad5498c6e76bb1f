"""The grading task: claim a stored submission, grade it in the sandbox, record the result."""

from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import TYPE_CHECKING

import structlog
from sqlalchemy.orm import Session

from pyroad.authoring.live import exercise_at
from pyroad.db import transaction, utcnow
from pyroad.grading.grader import (
    Case,
    GradeReport,
    TestCallback,
    TestResult,
    TestStatus,
    Verdict,
)
from pyroad.learning import versions
from pyroad.learning.graded import Graded, Prepared, apply, on_graded, prepare
from pyroad.observability.logs import get_logger
from pyroad.submissions import services

if TYPE_CHECKING:
    from pyroad.platform import Platform

log = logging.getLogger("pyroad.grading")
events = get_logger("pyroad.grading")


class GradingRetry(Exception):
    """Raised so the queue retries a submission after an internal failure."""


def grade(platform: Platform, submission_id: int) -> None:
    """Idempotent: a submission that is not queued (done, or claimed elsewhere) is skipped."""
    structlog.contextvars.bind_contextvars(submission_id=submission_id)
    with transaction(platform.sessions) as session:
        held = services.claim(session, submission_id)
    if held is None:
        events.info("grading skipped: not queued")
        return
    events.info("grading started", exercise=held.exercise_slug, attempt=held.attempt)
    # Graded against the version the learner submitted to, even if an author published a
    # newer one in between.
    exercise = exercise_at(platform, held.exercise_slug, held.exercise_version)
    if exercise is None:
        report = GradeReport(
            Verdict.INTERNAL, summary=f"The exercise {held.exercise_slug!r} no longer exists."
        )
        _finish(platform, held, report)
        return
    assert platform.grader is not None, "workers not started"
    try:
        cases = platform.grader.plan(exercise, held.seed)
        report = platform.grader.grade(
            exercise, held.code, _publisher(platform, held, cases), cases=cases
        )
    except BaseException as error:  # a queue time limit included: never leave it "running"
        log.exception("grading submission %s failed", submission_id)
        with transaction(platform.sessions) as session:
            # Learners read this; the reason (host paths included) is in the log above.
            retry = services.release(session, held, "grading is unavailable (the log says why)")
        if not isinstance(error, Exception):
            raise
        if retry:
            raise GradingRetry(str(error)) from error
        return
    _finish(platform, held, report)


def _finish(platform: Platform, held: services.Claim, report: GradeReport) -> None:
    """Record the verdict; count it (and its latencies) only if this attempt recorded it.

    The learner model's reads come first, before the transaction's first write (on SQLite,
    outside the one writer turn that every grading thread and request waits for); only
    its writes run inside, and only if the learner's version shows the reads still hold
    (see ``learning.graded``).
    """
    created = held.created_at
    exercise = platform.catalog.exercise(held.exercise_slug)
    graded = _graded(held, report, created, tuple(exercise.concepts) if exercise else ())
    version, prepared = _prepare(platform, graded)
    with transaction(platform.sessions) as session:
        done = services.finish(session, held, report, version=version)
        if done.recorded:
            _learn(session, graded, prepared if done.unchanged else None)
    if not done.recorded:
        events.info("grading outdated: another attempt holds the submission")
        return
    platform.changed(held.submission_id)
    waited = (utcnow() - created).total_seconds() if created is not None else None
    platform.verdict_sink(report.verdict.value, waited, report.duration_ms / 1000)
    events.info(
        "graded",
        exercise=held.exercise_slug,
        verdict=report.verdict.value,
        duration_ms=round(report.duration_ms, 1),
        submit_to_verdict_ms=round(waited * 1000, 1) if waited is not None else None,
    )


def _graded(
    held: services.Claim, report: GradeReport, created: datetime | None, concepts: tuple[str, ...]
) -> Graded:
    return Graded(
        submission_id=held.submission_id,
        user_id=held.user_id,
        exercise_slug=held.exercise_slug,
        verdict=report.verdict.value,
        passed_tests=report.passed_count,
        total_tests=len(report.tests),
        failed_tests=tuple(
            test.name for test in report.tests if test.status is not TestStatus.PASSED
        ),
        created_at=created or utcnow(),
        finished_at=utcnow(),
        concepts=concepts,
    )


def _prepare(platform: Platform, graded: Graded) -> tuple[int | None, Prepared | None]:
    """The learner's version, then the learner model's reads, in a read-only transaction of
    their own (a failed read costs nothing of the verdict's). (None, None) when there is
    nothing to read ahead (the sweeper's claims carry no learner) or the reads failed: the
    model is then read and written inside the verdict's transaction, as before."""
    if not graded.user_id:
        return None, None
    try:
        with transaction(platform.sessions) as session:
            version = versions.current(session, graded.user_id)
            return version, prepare(session, graded)
    except Exception:
        log.exception("reading the learner model for submission %s failed", graded.submission_id)
        return None, None


def _learn(session: Session, graded: Graded, prepared: Prepared | None) -> None:
    """Tell the learner model about the verdict, in a savepoint of the verdict's transaction
    (one commit per grading): a listener that fails is logged and rolled back alone.
    ``prepared``: its reads, still valid; None: read and write now."""
    try:
        with session.begin_nested():
            if prepared is not None:
                apply(session, prepared)
            else:
                on_graded(session, graded)
    except Exception:
        log.exception("updating the learner model after submission %s failed", graded.submission_id)


PUBLISH_EVERY_S = 0.2


def _publisher(platform: Platform, held: services.Claim, cases: list[Case]) -> TestCallback:
    """Write per-test results as they arrive, at most every 200 ms (fast runs write none).

    A failed write is logged and skipped: progress display must never break a grading.
    """
    names = [case.name for case in cases]
    done: list[TestResult] = []
    last = time.monotonic()

    def publish(result: TestResult) -> None:
        nonlocal last
        done.append(result)
        now = time.monotonic()
        if now - last >= PUBLISH_EVERY_S:
            last = now
            try:
                with transaction(platform.sessions) as session:
                    services.record_partial(session, held, list(done), names)
            except Exception:
                log.exception("could not publish progress of submission %s", held.submission_id)
            else:
                platform.changed(held.submission_id)

    return publish

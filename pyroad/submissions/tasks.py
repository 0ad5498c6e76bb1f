"""The grading task: claim a stored submission, grade it in the sandbox, record the result."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from pyroad.db import transaction
from pyroad.grading.grader import Case, GradeReport, TestCallback, TestResult, Verdict
from pyroad.submissions import services

if TYPE_CHECKING:
    from pyroad.platform import Platform

log = logging.getLogger("pyroad.grading")


class GradingRetry(Exception):
    """Raised so the queue retries a submission after an internal failure."""


def grade(platform: Platform, submission_id: int) -> None:
    """Idempotent: a submission that is not queued (done, or claimed elsewhere) is skipped."""
    with transaction(platform.sessions) as session:
        held = services.claim(session, submission_id)
    if held is None:
        return
    exercise = platform.catalog.exercise(held.exercise_slug)
    if exercise is None:
        report = GradeReport(
            Verdict.INTERNAL, summary=f"The exercise {held.exercise_slug!r} no longer exists."
        )
        with transaction(platform.sessions) as session:
            services.finish(session, held, report)
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
            retry = services.release(session, held, f"{type(error).__name__}: {error}")
        if not isinstance(error, Exception):
            raise
        if retry:
            raise GradingRetry(str(error)) from error
        return
    with transaction(platform.sessions) as session:
        services.finish(session, held, report)


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

    return publish

"""The grading task: claim a stored submission, grade it in the sandbox, record the result."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from pyroad.curriculum.model import Exercise
from pyroad.db import transaction
from pyroad.grading.grader import GradeReport, TestCallback, TestResult, Verdict
from pyroad.submissions import services

if TYPE_CHECKING:
    from pyroad.platform import Platform

log = logging.getLogger("pyroad.grading")


class GradingRetry(Exception):
    """Raised so the queue retries a submission after an internal failure."""


def grade(platform: Platform, submission_id: int) -> None:
    """Idempotent: a submission that is not queued (done, or claimed elsewhere) is skipped."""
    with transaction(platform.sessions) as session:
        submission = services.claim(session, submission_id)
        if submission is None:
            return
        slug, code = submission.exercise_slug, submission.code
    exercise = platform.catalog.exercise(slug)
    if exercise is None:
        report = GradeReport(Verdict.INTERNAL, summary=f"The exercise {slug!r} no longer exists.")
        with transaction(platform.sessions) as session:
            services.finish(session, submission_id, report)
        return
    assert platform.grader is not None, "workers not started"
    try:
        report = platform.grader.grade(
            exercise, code, _publisher(platform, submission_id, exercise)
        )
    except Exception as error:
        log.exception("grading submission %s failed", submission_id)
        with transaction(platform.sessions) as session:
            retry = services.release(session, submission_id, f"{type(error).__name__}: {error}")
        if retry:
            raise GradingRetry(str(error)) from error
        return
    with transaction(platform.sessions) as session:
        services.finish(session, submission_id, report)


PUBLISH_EVERY_S = 0.2


def _publisher(platform: Platform, submission_id: int, exercise: Exercise) -> TestCallback:
    """Write per-test results as they arrive, at most every 200 ms (fast runs write none)."""
    names = [probe.name for probe in exercise.tests]
    done: list[TestResult] = []
    last = time.monotonic()

    def publish(result: TestResult) -> None:
        nonlocal last
        done.append(result)
        now = time.monotonic()
        if now - last >= PUBLISH_EVERY_S:
            last = now
            with transaction(platform.sessions) as session:
                services.record_partial(session, submission_id, list(done), names)

    return publish

"""Store submissions, claim them for grading exactly once, record results, recover the stuck."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from pyroad.accounts.models import User
from pyroad.curriculum.model import Catalog
from pyroad.db import bound, utcnow
from pyroad.errors import InvalidInput, NotFound, TooLarge
from pyroad.grading.grader import GradeReport, TestResult, Verdict
from pyroad.learning import versions
from pyroad.submissions import progress
from pyroad.submissions.models import SUBMISSIONS, Submission, SubmissionStatus
from pyroad.teaching.access import can_view_learner

MAX_ATTEMPTS = 3
SEED_BOUND = 2**31  # fits the 32-bit integer column on every database


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
    versions.bump(session, user.id)  # the exercise is now attempted (first: see versions)
    submission = Submission(
        user_id=user.id,
        exercise_slug=slug,
        code=code,
        seed=secrets.randbelow(SEED_BOUND),
        exercise_version=catalog.versions.get(slug),  # authored exercises: the version graded
    )
    session.add(submission)
    session.flush()
    progress.record(session, user.id, slug)  # after the bump: see progress.record
    return submission


def get_visible(session: Session, user: User, submission_id: int) -> Submission:
    """A submission its owner, an admin, or a teacher or mentor of the owner's cohort may see;
    others get the same 404 as a missing id."""
    submission = session.get(Submission, submission_id)
    if submission is None:
        raise NotFound(f"no submission with id {submission_id}")
    _require_visible(session, user, submission_id, submission.user_id)
    return submission


def check_visible(session: Session, user: User, submission_id: int) -> None:
    """:func:`get_visible`'s 404, reading only the owner (not the code and results)."""
    owner = session.connection().execute(_OWNER, {"submission_id": submission_id}).scalar()
    _require_visible(session, user, submission_id, owner)


def _require_visible(
    session: Session, user: User, submission_id: int, owner_id: int | None
) -> None:
    if owner_id is None or (owner_id != user.id and not can_view_learner(session, user, owner_id)):
        raise NotFound(f"no submission with id {submission_id}")


def list_for(
    session: Session, user: User, slug: str | None = None, limit: int = 20
) -> list[Submission]:
    query = select(Submission).where(Submission.user_id == user.id)
    if slug:
        query = query.where(Submission.exercise_slug == slug)
    return list(session.scalars(query.order_by(Submission.id.desc()).limit(limit)))


@dataclass(frozen=True)
class Claim:
    """One worker's hold on one attempt at a submission.

    Every later write is conditional on the row still being this attempt (running, same
    attempt number), so a slow worker, a retry and the sweep can never overwrite each other.
    """

    submission_id: int
    attempt: int
    exercise_slug: str = ""
    code: str = ""
    seed: int = 0
    user_id: int = 0
    created_at: datetime | None = None
    exercise_version: int | None = None  # an authored exercise's version at submission


def claim(session: Session, submission_id: int) -> Claim | None:
    """Move queued → running atomically; None if another worker has it or it is done.

    The row is read first and then updated only if it is still the queued attempt that
    was read (status and attempt count in the WHERE): two workers reading it at once both
    try, one update matches. Reading first keeps the read out of SQLite's writer turn.
    """
    connection = session.connection()
    row = connection.execute(_CLAIM_READ, {"submission_id": submission_id}).one_or_none()
    if row is None or row.status != SubmissionStatus.QUEUED:
        return None
    result = connection.execute(
        _CLAIM,
        {
            "submission_id": submission_id,
            "attempts_read": row.attempts,
            "attempts_now": row.attempts + 1,
            "now": utcnow(),
        },
    )
    if result.rowcount != 1:
        return None
    seed = row.seed if row.seed is not None else submission_id
    return Claim(
        submission_id,
        row.attempts + 1,
        row.exercise_slug,
        row.code,
        seed,
        row.user_id,
        row.created_at,
        row.exercise_version,
    )


# The grading path's statements, built once (see :func:`bound`): they run for every
# submission, and building and caching a statement afresh cost more than running it.
_CLAIM_READ = select(
    SUBMISSIONS.c.status,
    SUBMISSIONS.c.attempts,
    SUBMISSIONS.c.exercise_slug,
    SUBMISSIONS.c.code,
    SUBMISSIONS.c.seed,
    SUBMISSIONS.c.user_id,
    SUBMISSIONS.c.created_at,
    SUBMISSIONS.c.exercise_version,
).where(SUBMISSIONS.c.id == bound(Submission.id, "submission_id"))
_CLAIM = (
    update(SUBMISSIONS)
    .where(
        SUBMISSIONS.c.id == bound(Submission.id, "submission_id"),
        SUBMISSIONS.c.status == SubmissionStatus.QUEUED,
        SUBMISSIONS.c.attempts == bound(Submission.attempts, "attempts_read"),
    )
    .values(
        status=SubmissionStatus.RUNNING,
        attempts=bound(Submission.attempts, "attempts_now"),
        updated_at=bound(Submission.updated_at, "now"),
    )
)
# Every write after the claim is conditional on this attempt still holding the row.
_HELD = (
    (SUBMISSIONS.c.id == bound(Submission.id, "submission_id"))
    & (SUBMISSIONS.c.status == SubmissionStatus.RUNNING)
    & (SUBMISSIONS.c.attempts == bound(Submission.attempts, "attempt"))
)
_FINISH = (
    update(SUBMISSIONS)
    .where(_HELD)
    .values(
        status=SubmissionStatus.DONE,
        verdict=bound(Submission.verdict, "verdict_now"),
        summary=bound(Submission.summary, "summary_now"),
        result=bound(Submission.result, "result_now"),
        duration_ms=bound(Submission.duration_ms, "duration_now"),
        finished_at=bound(Submission.finished_at, "now"),
        updated_at=bound(Submission.updated_at, "now"),
    )
)
_PARTIAL = (
    update(SUBMISSIONS)
    .where(_HELD)
    .values(
        result=bound(Submission.result, "result_now"),
        updated_at=bound(Submission.updated_at, "now"),
    )
)
_RELEASE = (
    update(SUBMISSIONS)
    .where(_HELD)
    .values(status=SubmissionStatus.QUEUED, updated_at=bound(Submission.updated_at, "now"))
)


def _held(held: Claim) -> dict[str, Any]:
    return {"submission_id": held.submission_id, "attempt": held.attempt}


def finish(
    session: Session, held: Claim, report: GradeReport, *, version: int | None = None
) -> Recorded:
    """Record the verdict, unless this attempt no longer holds the submission.

    ``version`` is the learner's version read before this transaction's first write; the
    result says whether it still held (see ``versions.bump``).
    """
    result = session.connection().execute(
        _FINISH,
        {
            **_held(held),
            "verdict_now": report.verdict.value,
            "summary_now": report.summary,
            "result_now": report_to_json(report),
            "duration_now": report.duration_ms,
            "now": utcnow(),
        },
    )
    if result.rowcount != 1:
        return Recorded(recorded=False, unchanged=False)
    user_id, slug = held.user_id, held.exercise_slug
    if not user_id or not slug:  # the sweeper's claims carry only the id (see recoverable)
        user_id, slug = session.execute(
            select(Submission.user_id, Submission.exercise_slug).where(
                Submission.id == held.submission_id
            )
        ).one()
    unchanged = versions.bump(session, user_id, expected=version)
    progress.record(session, user_id, slug)  # after the bump: see progress.record
    return Recorded(recorded=True, unchanged=unchanged)


@dataclass(frozen=True)
class Recorded:
    """What :func:`finish` did: ``recorded`` the verdict; the learner's version was
    ``unchanged`` since the version it was given."""

    recorded: bool
    unchanged: bool


def record_partial(session: Session, held: Claim, done: list[TestResult], names: list[str]) -> None:
    """Publish the tests finished so far (the rest as pending) while the run goes on."""
    finished = {test.name: test for test in done}
    tests = [
        _test_json(finished[name]) if name in finished else {**_PENDING, "name": name}
        for name in names
    ]
    session.connection().execute(
        _PARTIAL, {**_held(held), "result_now": {"tests": tests}, "now": utcnow()}
    )


_PENDING = {
    "status": "pending",
    "message": "",
    "stdout": "",
    "traceback": "",
    "hidden": False,
    "shows": "",
    "diff": None,
}


def release(session: Session, held: Claim, reason: str) -> bool:
    """After an internal failure: back to queued for a retry, or done/internal when out of tries.

    Returns True when the submission should be retried.
    """
    if held.attempt >= MAX_ATTEMPTS:
        finish(session, held, GradeReport(Verdict.INTERNAL, summary=f"Grading failed: {reason}"))
        return False
    result = session.connection().execute(_RELEASE, {**_held(held), "now": utcnow()})
    return bool(result.rowcount == 1)


def recoverable(
    session: Session, stuck_after_s: int, *, include_running: bool = False
) -> list[int]:
    """Ids to re-enqueue: running ones whose worker has gone quiet, queued ones left waiting.

    ``include_running`` is for the embedded server at start-up: no other process can be
    grading and the in-memory queue is empty, so everything unfinished is taken back.
    Re-enqueued rows are touched, so the next sweep leaves them alone for a while.
    """
    deadline = utcnow() - timedelta(seconds=stuck_after_s)
    stale = Submission.status == SubmissionStatus.RUNNING
    waiting = Submission.status == SubmissionStatus.QUEUED
    if not include_running:
        stale = stale & (Submission.updated_at < deadline)
        waiting = waiting & (Submission.updated_at < deadline)
    stuck = session.execute(select(Submission.id, Submission.attempts).where(stale)).all()
    released = [
        submission_id
        for submission_id, attempt in stuck
        if release(session, Claim(submission_id, attempt), "the grader stopped while grading")
    ]
    ids = list(session.scalars(select(Submission.id).where(waiting)))
    if ids:
        session.execute(
            update(Submission).where(Submission.id.in_(ids)).values(updated_at=utcnow())
        )
    return sorted(set(ids) | set(released))


LEGACY_NOTE = "(The details of this test are no longer shown: it is now a hidden test.)"


def shown_tests(tests: list[dict[str, Any]], catalog: Catalog, slug: str) -> list[dict[str, Any]]:
    """Stored per-test results as they may be shown today.

    Results stored before hidden tests existed carry no ``hidden`` key and quote every
    probe's call, expected value and output. A test that is hidden now shows only its
    current rule, so old submissions cannot be read for a lookup table either.
    """
    exercise = catalog.exercise(slug)
    visible = {p.name for p in exercise.tests if p.visible} if exercise else set()
    rules = {p.name: p.message for p in exercise.tests} if exercise else {}
    shown = []
    for stored in tests:
        # Results stored before `shows` and `diff` existed read with their defaults.
        test = {**_NEW_FIELDS, **stored}
        if test.get("hidden"):
            # A hidden test's description and texts could carry its input: never shown.
            shown.append({**test, **_NEW_FIELDS})
            continue
        if "hidden" in test or test.get("name") in visible:
            shown.append(test)
            continue
        message = test.get("message", "")
        if test.get("status") != "passed" and message:
            rule = rules.get(str(test.get("name")), "")
            message = f"{rule}\n{LEGACY_NOTE}" if rule else LEGACY_NOTE
        shown.append(
            {
                **test,
                **_NEW_FIELDS,
                "message": message,
                "stdout": "",
                "traceback": "",
                "hidden": True,
            }
        )
    return shown


_NEW_FIELDS: dict[str, Any] = {"shows": "", "diff": None}


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
    """One test as stored and served: name, status, message, stdout, traceback, hidden,
    shows (what the test did; "" for hidden tests) and diff (null or expected/got/at).

    Field by field, not ``dataclasses.asdict``, which deep-copies every value recursively:
    a report's values are strings, a bool and one flat dict (copied)."""
    found = {name: getattr(test, name) for name in _TEST_FIELDS}
    found["status"] = test.status.value
    if test.diff is not None:
        found["diff"] = dict(test.diff)
    return found


_TEST_FIELDS = tuple(field.name for field in fields(TestResult))


def attempt_number(session: Session, submission: Submission) -> int:
    """One submission's number among its learner's submissions on that exercise (as
    :func:`attempt_numbers`, with a count instead of a ranking: every verdict shows one)."""
    values = {
        "user_id": submission.user_id,
        "slug": submission.exercise_slug,
        "submission_id": submission.id,
    }
    return int(session.connection().execute(_ATTEMPTS_UP_TO, values).scalar_one())


_OWNER = select(SUBMISSIONS.c.user_id).where(
    SUBMISSIONS.c.id == bound(Submission.id, "submission_id")
)
_ATTEMPTS_UP_TO = (
    select(func.count())
    .select_from(SUBMISSIONS)
    .where(
        SUBMISSIONS.c.user_id == bound(Submission.user_id, "user_id"),
        SUBMISSIONS.c.exercise_slug == bound(Submission.exercise_slug, "slug"),
        SUBMISSIONS.c.id <= bound(Submission.id, "submission_id"),
    )
)


def attempt_numbers(session: Session, submissions: list[Submission]) -> dict[int, int]:
    """Each submission's number among its learner's submissions on that exercise (1, 2, …).

    Computed on read, one query for a whole list: ids grow with time, so counting the
    learner's submissions on the exercise up to this id gives "your n-th attempt".
    """
    if not submissions:
        return {}
    wanted = {s.id for s in submissions}
    numbers: dict[int, int] = {}
    for user_id in {s.user_id for s in submissions}:
        slugs = {s.exercise_slug for s in submissions if s.user_id == user_id}
        ranked = (
            select(
                Submission.id,
                func.row_number()
                .over(partition_by=Submission.exercise_slug, order_by=Submission.id)
                .label("number"),
            )
            .where(Submission.user_id == user_id, Submission.exercise_slug.in_(slugs))
            .subquery()
        )
        rows = session.execute(select(ranked.c.id, ranked.c.number).where(ranked.c.id.in_(wanted)))
        numbers.update({row.id: int(row.number) for row in rows})
    return numbers

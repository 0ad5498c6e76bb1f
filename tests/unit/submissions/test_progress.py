"""exercise_progress: every submission stored or graded recounts its (learner, exercise) row,
so the row always says what grouping the submissions says (tests/progress_oracle.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from pyroad.accounts.models import User
from pyroad.curriculum.loader import load_catalog
from pyroad.db import make_engine, make_session_factory, transaction, utcnow
from pyroad.grading.grader import GradeReport, Verdict
from pyroad.migrate import upgrade
from pyroad.submissions import progress, services
from pyroad.submissions.models import Submission, SubmissionStatus
from tests.conftest import CURRICULUM
from tests.progress_oracle import Pair, pairs, stored

CATALOG, _ = load_catalog(CURRICULUM)
SLUG, OTHER = CATALOG.exercises[0].slug, CATALOG.exercises[1].slug
LIMIT = 65536


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'progress.sqlite3'}")
    upgrade(engine)
    yield make_session_factory(engine)
    engine.dispose()


def new_user(sessions: sessionmaker[Session], name: str) -> int:
    with transaction(sessions) as session:
        user = User(email=f"{name}@example.com", display_name=name, password_hash="x")
        session.add(user)
        session.flush()
        return user.id


def submit(sessions: sessionmaker[Session], user_id: int, slug: str = SLUG) -> int:
    with transaction(sessions) as session:
        user = session.get(User, user_id)
        assert user is not None
        return services.create(session, CATALOG, user, slug, "x = 1", LIMIT).id


def grade(sessions: sessionmaker[Session], submission_id: int, verdict: Verdict) -> None:
    with transaction(sessions) as session:
        held = services.claim(session, submission_id)
        assert held is not None
        assert services.finish(session, held, GradeReport(verdict)).recorded


def agree(sessions: sessionmaker[Session], user_id: int) -> dict[tuple[int, str], Pair]:
    with sessions() as session:
        rows, expected = stored(session, [user_id]), pairs(session, [user_id])
    assert rows == expected
    return rows


def test_storing_and_grading_each_recount_the_row(sessions: sessionmaker[Session]) -> None:
    ann = new_user(sessions, "ann")
    first = submit(sessions, ann)
    row = agree(sessions, ann)[ann, SLUG]
    assert (row.attempts, row.failed, row.solved_at, row.last_graded_at, row.best) == (
        1,
        0,
        None,
        None,
        None,
    )
    grade(sessions, first, Verdict.FAILED)
    second = submit(sessions, ann)
    row = agree(sessions, ann)[ann, SLUG]
    assert (row.attempts, row.failed, row.best) == (2, 1, "failed")
    assert row.last_graded_at is not None and row.last_graded_at < row.last_at
    grade(sessions, second, Verdict.PASSED)
    third = submit(sessions, ann)
    grade(sessions, third, Verdict.ERROR)  # worse after the pass: still solved, best passed
    submit(sessions, ann, OTHER)
    rows = agree(sessions, ann)
    with sessions() as session:
        passed = session.get(Submission, second)
        assert passed is not None
    assert rows[ann, SLUG].solved_at == passed.created_at
    assert (rows[ann, SLUG].attempts, rows[ann, SLUG].failed, rows[ann, SLUG].best) == (
        3,
        2,
        "passed",
    )
    assert rows[ann, OTHER].attempts == 1 and rows[ann, OTHER].best is None


def test_every_verdict_and_the_sweepers_last_retry_are_counted(
    sessions: sessionmaker[Session],
) -> None:
    ben = new_user(sessions, "ben")
    for verdict in Verdict:
        grade(sessions, submit(sessions, ben), verdict)
    # A worker that dies on the last try: the sweep ends the submission as internal. Its
    # claim carries only the id, so the row is found from the submission.
    dying = submit(sessions, ben, OTHER)
    for _ in range(services.MAX_ATTEMPTS - 1):
        with transaction(sessions) as session:
            held = services.claim(session, dying)
            assert held is not None and services.release(session, held, "crashed")
    with transaction(sessions) as session:
        assert services.claim(session, dying) is not None
        session.execute(
            update(Submission)
            .where(Submission.id == dying)
            .values(updated_at=utcnow() - timedelta(hours=1))
        )
    with sessions() as session:
        version = session.scalar(select(User.progress_version).where(User.id == ben))
    with transaction(sessions) as session:
        assert services.recoverable(session, stuck_after_s=60) == []  # given up, not re-queued
    rows = agree(sessions, ben)
    assert rows[ben, OTHER].best == "internal" and rows[ben, OTHER].failed == 0
    assert rows[ben, SLUG].failed == 5 and rows[ben, SLUG].best == "passed"
    with sessions() as session:  # and the learner's cached views are told
        assert session.scalar(select(User.progress_version).where(User.id == ben)) == version + 1


def test_rebuild_recounts_rows_written_around_the_services(
    sessions: sessionmaker[Session],
) -> None:
    """The benchmark writes its seeded class straight into the tables, then rebuilds."""
    cat, dan = new_user(sessions, "cat"), new_user(sessions, "dan")
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    history = [("passed", 3), ("failed", 1), (None, 4), ("internal", 2), ("timeout", 0)]
    with transaction(sessions) as session:
        for user_id in (cat, dan):
            for n, (verdict, hours) in enumerate(history):
                at = start + timedelta(hours=hours)
                session.add(
                    Submission(
                        user_id=user_id,
                        exercise_slug=(SLUG, OTHER)[n % 2],
                        code="x",
                        status=SubmissionStatus.DONE if verdict else SubmissionStatus.QUEUED,
                        verdict=verdict,
                        created_at=at,
                        updated_at=at,
                    )
                )
    with sessions() as session:
        assert stored(session, [cat, dan]) == {}
    with transaction(sessions) as session:
        progress.rebuild(session.connection(), [cat])
    with sessions() as session:
        assert stored(session, [dan]) == {}  # only the learners asked for
    agree(sessions, cat)
    with transaction(sessions) as session:
        progress.rebuild(session.connection())
    rows = agree(sessions, dan)
    hour = timedelta(hours=1)  # SLUG: timeout at 0, passed at 3, still queued at 4
    assert rows[dan, SLUG] == Pair(
        3, 1, start + 3 * hour, start + 4 * hour, start + 3 * hour, "passed"
    )


def test_a_recount_with_no_submission_left_removes_the_row(
    sessions: sessionmaker[Session],
) -> None:
    ada = new_user(sessions, "ada")
    grade(sessions, submit(sessions, ada), Verdict.PASSED)
    with transaction(sessions) as session:
        session.query(Submission).filter_by(user_id=ada).delete()
        progress.record(session, ada, SLUG)
    assert agree(sessions, ada) == {}

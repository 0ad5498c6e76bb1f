"""The submission lifecycle under races: claims, retries and sweeps never overwrite each other."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from pyroad.accounts.models import User
from pyroad.curriculum.loader import load_catalog
from pyroad.db import make_engine, make_session_factory, transaction, utcnow
from pyroad.grading.grader import GradeReport, Verdict
from pyroad.migrate import upgrade
from pyroad.submissions import services
from pyroad.submissions.models import Submission, SubmissionStatus
from tests.conftest import CURRICULUM


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'lifecycle.sqlite3'}")
    upgrade(engine)
    yield make_session_factory(engine)
    engine.dispose()


def new_submission(sessions: sessionmaker[Session]) -> int:
    with transaction(sessions) as session:
        user = User(email="a@example.com", display_name="a", password_hash="x")
        session.add(user)
        session.flush()
        submission = Submission(user_id=user.id, exercise_slug="parse-request-line", code="x")
        session.add(submission)
        session.flush()
        return submission.id


def age(sessions: sessionmaker[Session], submission_id: int, seconds: int) -> None:
    with transaction(sessions) as session:
        session.execute(
            update(Submission)
            .where(Submission.id == submission_id)
            .values(updated_at=utcnow() - timedelta(seconds=seconds))
        )


def row(sessions: sessionmaker[Session], submission_id: int) -> Submission:
    with sessions() as session:
        found = session.get(Submission, submission_id)
        assert found is not None
        return found


def test_a_submission_is_claimed_once(sessions: sessionmaker[Session]) -> None:
    submission_id = new_submission(sessions)
    with transaction(sessions) as session:
        first = services.claim(session, submission_id)
    with transaction(sessions) as session:
        second = services.claim(session, submission_id)
    assert first is not None and first.attempt == 1 and first.code == "x"
    assert second is None


def test_a_slow_worker_cannot_overwrite_after_the_sweep_took_the_submission_back(
    sessions: sessionmaker[Session],
) -> None:
    submission_id = new_submission(sessions)
    with transaction(sessions) as session:
        slow = services.claim(session, submission_id)
    assert slow is not None
    age(sessions, submission_id, 600)
    with transaction(sessions) as session:
        assert services.recoverable(session, stuck_after_s=120) == [submission_id]
    with transaction(sessions) as session:
        retry = services.claim(session, submission_id)
    assert retry is not None and retry.attempt == 2
    with transaction(sessions) as session:  # the first worker wakes up late
        assert not services.finish(session, slow, GradeReport(Verdict.FAILED)).recorded
        assert not services.release(session, slow, "late")
    with transaction(sessions) as session:
        assert services.finish(session, retry, GradeReport(Verdict.PASSED, summary="ok")).recorded
    done = row(sessions, submission_id)
    assert done.status is SubmissionStatus.DONE and done.verdict == "passed"
    with transaction(sessions) as session:  # a stale sweep afterwards changes nothing
        assert services.recoverable(session, stuck_after_s=0) == []
    assert row(sessions, submission_id).verdict == "passed"


def test_the_sweep_leaves_fresh_queued_submissions_alone_and_touches_what_it_requeues(
    sessions: sessionmaker[Session],
) -> None:
    submission_id = new_submission(sessions)
    with transaction(sessions) as session:
        assert services.recoverable(session, stuck_after_s=120) == []
    age(sessions, submission_id, 600)
    with transaction(sessions) as session:
        assert services.recoverable(session, stuck_after_s=120) == [submission_id]
    with transaction(sessions) as session:  # just re-enqueued: not again on the next tick
        assert services.recoverable(session, stuck_after_s=120) == []


def test_out_of_attempts_ends_as_internal_with_the_reason(sessions: sessionmaker[Session]) -> None:
    submission_id = new_submission(sessions)
    for _ in range(services.MAX_ATTEMPTS):
        with transaction(sessions) as session:
            held = services.claim(session, submission_id)
            assert held is not None
            retried = services.release(session, held, "sandbox crashed")
    assert not retried
    ended = row(sessions, submission_id)
    assert ended.status is SubmissionStatus.DONE and ended.verdict == "internal"
    assert "sandbox crashed" in ended.summary


def test_each_submission_stores_a_seed_and_the_claim_replays_it(
    sessions: sessionmaker[Session],
) -> None:
    catalog, _ = load_catalog(CURRICULUM)
    seeds = set()
    with transaction(sessions) as session:
        user = User(email="s@example.com", display_name="s", password_hash="x")
        session.add(user)
        session.flush()
        for _ in range(5):
            created = services.create(session, catalog, user, "parse-port", "x = 1", 65536)
            assert created.seed is not None and 0 <= created.seed < services.SEED_BOUND
            seeds.add((created.id, created.seed))
    assert len({seed for _, seed in seeds}) > 1  # drawn per submission, not one for all
    for submission_id, seed in seeds:
        with transaction(sessions) as session:
            held = services.claim(session, submission_id)
        assert held is not None and held.seed == seed
    # Rows from before the column existed replay with their id as the seed.
    old = new_submission(sessions)
    with transaction(sessions) as session:
        held = services.claim(session, old)
    assert held is not None and held.seed == old

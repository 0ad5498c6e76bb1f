"""Spaced review on SQLite, PostgreSQL and MariaDB: the listener's locked writes in a
savepoint, the queue's queries and the per-submission uniqueness, on each backend."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from pyroad.db import transaction, utcnow
from pyroad.learning import review
from pyroad.learning.graded import Graded
from pyroad.learning.review_models import ReviewCard, ReviewLog
from pyroad.submissions.models import Submission, SubmissionStatus
from tests.conftest import Learner

SLUG = "parse-request-line"


def test_cards_are_created_rated_and_queued_on_every_backend(
    client: TestClient, learner: Learner
) -> None:
    platform = client.app.state.platform  # type: ignore[attr-defined]
    uid = int(learner.get("/api/v1/me").json()["id"])
    concepts = platform.catalog.require_exercise(SLUG).concepts

    def graded_pass(days_ago: float) -> Graded:
        at = utcnow() - timedelta(days=days_ago)
        with transaction(platform.sessions) as session:
            row = Submission(
                user_id=uid,
                exercise_slug=SLUG,
                code="x",
                status=SubmissionStatus.DONE,
                verdict="passed",
                created_at=at,
                updated_at=at,
                finished_at=at,
            )
            session.add(row)
            session.flush()
            graded = Graded(row.id, uid, SLUG, "passed", 1, 1, (), at, at)
            review.on_graded(session, graded, concepts)
        return graded

    first = graded_pass(days_ago=5)
    with transaction(platform.sessions) as session:
        review.on_graded(session, first, concepts)  # told twice: counted once
    queue = learner.get("/api/v1/review").json()
    assert queue["due"] == len(concepts) and queue["items"]
    due_before = {
        c["concept"]: c["due"] for c in learner.get("/api/v1/review/cards").json()["cards"]
    }

    graded_pass(days_ago=0.01)  # the same exercise again, now that its concepts are due
    assert learner.get("/api/v1/review").json()["due"] == 0
    with platform.sessions() as session:
        logs = session.scalar(
            select(func.count()).select_from(ReviewLog).where(ReviewLog.user_id == uid)
        )  # the database is shared by the session's tests
        cards = list(session.scalars(select(ReviewCard).where(ReviewCard.user_id == uid)))
    assert logs == 2 * len(concepts)
    assert {card.reps for card in cards} == {2}
    assert all(card.due > datetime.fromisoformat(due_before[card.concept]) for card in cards)
    assert all(card.due > utcnow() + timedelta(days=5) for card in cards)  # grown from 2 days

"""Spaced review: which verdicts create and rate FSRS cards, and which exercises review them.

Every time is explicit (no sleeps, no wall clock): verdicts carry their submission times and
the queue is asked about a given moment.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from pyroad.accounts.models import User
from pyroad.curriculum.loader import load_catalog
from pyroad.curriculum.model import Catalog, Difficulty, Exercise, Step
from pyroad.db import make_engine, make_session_factory, transaction
from pyroad.learning import review
from pyroad.learning.graded import Graded
from pyroad.learning.models import HintUse
from pyroad.learning.review_models import CardState, ReviewCard, ReviewKind, ReviewLog
from pyroad.migrate import upgrade
from pyroad.submissions.models import Submission, SubmissionStatus
from tests.conftest import CURRICULUM

REAL, _ = load_catalog(CURRICULUM)
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'review.sqlite3'}")
    upgrade(engine)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def user_id(sessions: sessionmaker[Session]) -> int:
    with transaction(sessions) as session:
        user = User(email="r@example.com", display_name="r", password_hash="x")
        session.add(user)
        session.flush()
        return user.id


def grade(
    sessions: sessionmaker[Session],
    user_id: int,
    slug: str,
    verdict: str,
    at: datetime,
    concepts: tuple[str, ...] = ("loops", "strings"),
) -> int:
    """Store a graded submission made at ``at`` and tell the review listener about it."""
    with transaction(sessions) as session:
        submission = Submission(
            user_id=user_id,
            exercise_slug=slug,
            code="x",
            status=SubmissionStatus.DONE,
            verdict=verdict,
            created_at=at,
            updated_at=at,
            finished_at=at + timedelta(seconds=2),
        )
        session.add(submission)
        session.flush()
        graded = Graded(
            submission_id=submission.id,
            user_id=user_id,
            exercise_slug=slug,
            verdict=verdict,
            passed_tests=1 if verdict == "passed" else 0,
            total_tests=1,
            failed_tests=() if verdict == "passed" else ("t",),
            created_at=at,
            finished_at=at + timedelta(seconds=2),
        )
        review.on_graded(session, graded, concepts)
        return submission.id


def cards(sessions: sessionmaker[Session], user_id: int) -> dict[str, ReviewCard]:
    with sessions() as session:
        return {card.concept: card for card in review.cards_of(session, user_id)}


def logs(sessions: sessionmaker[Session], user_id: int) -> list[ReviewLog]:
    with sessions() as session:
        query = select(ReviewLog).where(ReviewLog.user_id == user_id).order_by(ReviewLog.id)
        return list(session.scalars(query))


def test_a_first_try_pass_gives_each_concept_a_card_due_in_two_days(
    sessions: sessionmaker[Session], user_id: int
) -> None:
    grade(sessions, user_id, "ex-a", "passed", T0)
    found = cards(sessions, user_id)
    assert set(found) == {"loops", "strings"}
    for card in found.values():
        assert card.due == T0 + 2 * DAY  # FSRS's default first "good" interval, in whole days
        assert (card.state, card.reps, card.lapses) == (CardState.REVIEW, 1, 0)
        assert card.source_exercise == "ex-a" and card.last_review == T0
    entries = logs(sessions, user_id)
    assert [(e.kind, e.rating.value, e.due_before) for e in entries] == [
        (ReviewKind.LEARNED, "good", None)
    ] * 2


def test_a_pass_after_failures_or_hints_is_hard_and_comes_back_sooner(
    sessions: sessionmaker[Session], user_id: int
) -> None:
    grade(sessions, user_id, "ex-a", "failed", T0, concepts=("loops",))
    assert cards(sessions, user_id) == {}  # failing never creates a card
    grade(sessions, user_id, "ex-a", "passed", T0 + timedelta(minutes=5), concepts=("loops",))
    with transaction(sessions) as session:
        session.add(HintUse(user_id=user_id, exercise_slug="ex-b", revealed=1, updated_at=T0))
    grade(sessions, user_id, "ex-b", "passed", T0 + timedelta(minutes=9), concepts=("lists",))
    found = cards(sessions, user_id)
    assert found["loops"].due == T0 + timedelta(minutes=5) + DAY
    assert found["lists"].due == T0 + timedelta(minutes=9) + DAY
    assert [(e.concept, e.rating.value, e.failures, e.hints) for e in logs(sessions, user_id)] == [
        ("loops", "hard", 1, 0),
        ("lists", "hard", 0, 1),
    ]


def test_practising_a_concept_before_it_is_due_leaves_the_schedule_alone(
    sessions: sessionmaker[Session], user_id: int
) -> None:
    grade(sessions, user_id, "ex-a", "passed", T0)
    grade(sessions, user_id, "ex-b", "passed", T0 + DAY)
    grade(sessions, user_id, "ex-b", "failed", T0 + DAY + timedelta(hours=1))
    assert all(card.due == T0 + 2 * DAY for card in cards(sessions, user_id).values())
    assert len(logs(sessions, user_id)) == 2


def test_a_due_concept_passed_first_try_is_good_and_its_interval_grows(
    sessions: sessionmaker[Session], user_id: int
) -> None:
    grade(sessions, user_id, "ex-a", "failed", T0 - DAY)  # before the window: not counted
    grade(sessions, user_id, "ex-a", "passed", T0)
    at = T0 + 3 * DAY  # a day overdue
    grade(sessions, user_id, "ex-a", "passed", at)
    card = cards(sessions, user_id)["loops"]
    assert card.reps == 2 and card.last_review == at
    assert card.due - at > 2 * DAY  # longer than the first interval
    last = logs(sessions, user_id)[-1]
    assert (last.kind, last.rating.value, last.failures) == (ReviewKind.REVIEW, "good", 0)
    assert last.due_before == T0 + DAY  # the hard first pass (one failure) gave one day


def test_failures_in_the_window_make_a_pass_hard(
    sessions: sessionmaker[Session], user_id: int
) -> None:
    grade(sessions, user_id, "ex-a", "passed", T0)
    due = T0 + 2 * DAY
    grade(sessions, user_id, "ex-b", "failed", due + timedelta(hours=1))
    grade(sessions, user_id, "ex-b", "error", due + timedelta(hours=2))
    assert cards(sessions, user_id)["loops"].due == due  # two failures do not rate it yet
    grade(sessions, user_id, "ex-b", "passed", due + timedelta(hours=3))
    last = logs(sessions, user_id)[-1]
    assert (last.rating.value, last.failures, last.exercise_slug) == ("hard", 2, "ex-b")


def test_repeated_failures_rate_again_once_and_count_a_lapse(
    sessions: sessionmaker[Session], user_id: int
) -> None:
    grade(sessions, user_id, "ex-a", "passed", T0)
    due = T0 + 2 * DAY
    for hour in range(1, review.AGAIN_AFTER_FAILURES + 2):
        grade(sessions, user_id, "ex-b", "timeout", due + timedelta(hours=hour))
    third = due + timedelta(hours=review.AGAIN_AFTER_FAILURES)
    card = cards(sessions, user_id)["loops"]
    assert (card.lapses, card.reps, card.due) == (1, 2, third + DAY)  # back tomorrow
    again = [e for e in logs(sessions, user_id) if e.rating.value == "again"]
    assert [(e.concept, e.failures) for e in again] == [
        ("loops", review.AGAIN_AFTER_FAILURES),
        ("strings", review.AGAIN_AFTER_FAILURES),
    ]  # the fourth failure, a day early for the next review, rates nothing


def test_a_verdict_is_counted_once_and_internal_errors_not_at_all(
    sessions: sessionmaker[Session], user_id: int
) -> None:
    submission_id = grade(sessions, user_id, "ex-a", "internal", T0)
    assert cards(sessions, user_id) == {}
    submission_id = grade(sessions, user_id, "ex-a", "passed", T0)
    with transaction(sessions) as session:
        graded = Graded(submission_id, user_id, "ex-a", "passed", 1, 1, (), T0, T0)
        review.on_graded(session, graded, ("loops", "strings"))
    assert len(logs(sessions, user_id)) == 2
    with sessions() as session:
        count = select(func.count()).select_from(ReviewLog)
        assert session.scalar(count.where(ReviewLog.submission_id == submission_id)) == 2


def test_a_failing_listener_is_logged_and_keeps_the_transaction_usable(
    sessions: sessionmaker[Session],
    user_id: int,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("scheduler down")

    monkeypatch.setattr(review.SCHEDULER, "review_card", broken)
    with caplog.at_level(logging.ERROR, logger="pyroad.learning.review"):
        grade(sessions, user_id, "ex-a", "passed", T0)  # commits the submission all the same
    assert "rating submission" in caplog.text
    assert cards(sessions, user_id) == {}
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Submission)) == 1


# --- the queue --------------------------------------------------------------------------


def exercise(slug: str, step: int, concepts: tuple[str, ...], **changes: Any) -> Exercise:
    base = REAL.exercises[0]
    values: dict[str, Any] = {
        "difficulty": Difficulty.EASY,
        "minutes": 10,
        "project": False,
        "order": 1,
    }
    values.update(changes)
    return replace(base, slug=slug, title=slug.title(), step=step, concepts=concepts, **values)


def catalog_of(*exercises: Exercise) -> Catalog:
    steps = sorted({e.step for e in exercises})
    return Catalog(
        steps=[
            Step(n, f"s{n}", f"Step {n}", "", (), tuple(e for e in exercises if e.step == n))
            for n in steps
        ]
    )


def test_nothing_due_says_when_the_next_review_is(
    sessions: sessionmaker[Session], user_id: int
) -> None:
    grade(sessions, user_id, "a", "passed", T0)
    catalog = catalog_of(exercise("a", 1, ("loops", "strings")))
    with sessions() as session:
        queue = review.review_queue(session, catalog, user_id, T0 + DAY)
    assert (queue.items, queue.due, queue.total) == ([], 0, 2)
    assert queue.next_due is not None and queue.next_due.due == T0 + 2 * DAY


def test_a_due_concept_comes_back_as_an_unsolved_exercise_from_a_step_reached(
    sessions: sessionmaker[Session], user_id: int
) -> None:
    catalog = catalog_of(
        exercise("solved", 1, ("loops",)),
        exercise("fresh-hard", 1, ("loops",), difficulty=Difficulty.HARD, order=2),
        exercise("fresh-easy", 2, ("loops",), minutes=5, order=1),
        exercise("project", 2, ("loops",), project=True, minutes=1, order=2),
        exercise("ahead", 3, ("loops",), minutes=1),
    )
    grade(sessions, user_id, "solved", "passed", T0, concepts=("loops",))
    grade(sessions, user_id, "other", "passed", T0, concepts=())  # not in the catalog
    with transaction(sessions) as session:  # step 2 reached: something there was solved
        session.add(
            Submission(
                user_id=user_id,
                exercise_slug="project",
                code="x",
                status=SubmissionStatus.DONE,
                verdict="passed",
                created_at=T0,
            )
        )
    with sessions() as session:
        queue = review.review_queue(session, catalog, user_id, T0 + 2 * DAY)
    assert [item.exercise.slug for item in queue.items] == ["fresh-easy"]
    item = queue.items[0]
    assert [card.concept for card in item.cards] == ["loops"] and item.last_solved is None
    assert item.because(catalog, T0 + 2 * DAY) == (
        "Loops came due today; an exercise you have not solved yet practises it."
    )


def test_when_all_are_solved_the_one_solved_longest_ago_reviews_several_concepts(
    sessions: sessionmaker[Session], user_id: int
) -> None:
    catalog = catalog_of(
        exercise("old", 1, ("loops", "strings")),
        exercise("recent", 1, ("loops", "strings"), order=2),
    )
    grade(sessions, user_id, "old", "passed", T0, concepts=("loops", "strings"))
    grade(sessions, user_id, "recent", "passed", T0 + DAY, concepts=("loops", "strings"))
    now = T0 + 5 * DAY
    with sessions() as session:
        queue = review.review_queue(session, catalog, user_id, now)
    assert len(queue.items) == 1 and queue.due == 2
    item = queue.items[0]
    assert item.exercise.slug == "old" and item.last_solved == T0
    assert {card.concept for card in item.cards} == {"loops", "strings"}
    assert item.because(catalog, now) == (
        "2 concepts came due 3 days ago; you last solved this one 5 days ago."
    )


def test_the_queue_shows_the_most_overdue_first_and_counts_the_rest(
    sessions: sessionmaker[Session], user_id: int
) -> None:
    concepts = [f"c{n}" for n in range(7)]
    catalog = catalog_of(*(exercise(f"e{n}", 1, (c,)) for n, c in enumerate(concepts)))
    for n, concept in enumerate(concepts):
        grade(sessions, user_id, f"e{n}", "passed", T0 + n * timedelta(hours=1), (concept,))
    with sessions() as session:
        queue = review.review_queue(session, catalog, user_id, T0 + 10 * DAY, limit=5)
    assert [item.exercise.slug for item in queue.items] == ["e0", "e1", "e2", "e3", "e4"]
    assert (queue.more, queue.due, queue.total) == (2, 7, 7)


def test_retrievability_falls_as_time_passes(sessions: sessionmaker[Session], user_id: int) -> None:
    grade(sessions, user_id, "a", "passed", T0)
    card = cards(sessions, user_id)["loops"]
    soon, due, late = (review.retrievability(card, T0 + n * DAY) for n in (0, 2, 30))
    assert soon == pytest.approx(1.0) and 0.85 < due < 0.95 and late < due


def test_concept_names_come_from_the_topics() -> None:
    assert review.concept_name(REAL, "f-strings") != "f strings"  # a topic's name
    assert review.concept_name(REAL, "no-such-topic") == "no such topic"

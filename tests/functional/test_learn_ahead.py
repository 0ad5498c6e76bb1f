"""The grading task reads the learner model before the verdict's write turn, on every backend:
the writes it then makes are the ones a read inside the turn would make, and a change to
the learner in between (here a hint revealed while the code was being graded) makes it
read again inside the turn instead of writing from stale reads."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from pyroad.accounts.models import User
from pyroad.db import transaction
from pyroad.learning import services as learning_services
from pyroad.learning.adaptive_models import Evidence
from pyroad.learning.review_models import ReviewLog, ReviewRating
from pyroad.submissions import tasks
from tests.conftest import CURRICULUM, Learner

SLUG = "parse-request-line"
RIGHT = (CURRICULUM / "01-basics" / "exercises" / SLUG / "solution.py").read_text()


def model_of(client: TestClient, submission_id: int) -> tuple[Evidence, list[ReviewLog]]:
    platform = client.app.state.platform  # type: ignore[attr-defined]
    with platform.sessions() as session:
        evidence = session.get(Evidence, submission_id)
        logs = list(
            session.scalars(select(ReviewLog).where(ReviewLog.submission_id == submission_id))
        )
    assert evidence is not None, "the verdict left no evidence"
    return evidence, logs


@pytest.fixture
def read_inside_the_turn(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Submission ids whose learner model was read and written inside the verdict's turn."""
    calls: list[int] = []
    original = tasks.on_graded

    def counted(session: Any, graded: Any) -> None:
        calls.append(graded.submission_id)
        original(session, graded)

    monkeypatch.setattr(tasks, "on_graded", counted)
    return calls


def test_the_model_is_written_from_reads_made_before_the_turn(
    client: TestClient, learner: Learner, read_inside_the_turn: list[int]
) -> None:
    platform = client.app.state.platform  # type: ignore[attr-defined]
    submission_id = learner.submit(SLUG, RIGHT)
    assert learner.wait(submission_id)["verdict"] == "passed"

    evidence, logs = model_of(client, submission_id)
    assert evidence.passed and evidence.hints == 0
    concepts = platform.catalog.require_exercise(SLUG).concepts
    assert sorted(log.concept for log in logs) == sorted(concepts)
    assert {log.rating for log in logs} == {ReviewRating.GOOD}  # first pass, no hint
    assert read_inside_the_turn == []  # nothing changed meanwhile: the reads were kept


def test_a_change_between_the_reads_and_the_verdict_is_read_again(
    client: TestClient,
    learner: Learner,
    read_inside_the_turn: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    platform = client.app.state.platform  # type: ignore[attr-defined]
    exercise = platform.catalog.require_exercise(SLUG)
    original = tasks._prepare

    def then_a_hint(platform_: Any, graded: Any) -> Any:
        ahead = original(platform_, graded)  # read: no hint revealed yet
        with transaction(platform.sessions) as session:  # the learner reveals one now
            user = session.get(User, graded.user_id)
            learning_services.reveal_hint(session, user, exercise)
        return ahead

    monkeypatch.setattr(tasks, "_prepare", then_a_hint)
    submission_id = learner.submit(SLUG, RIGHT)
    assert learner.wait(submission_id)["verdict"] == "passed"

    evidence, logs = model_of(client, submission_id)
    # Written from the stale reads, these would say 0 hints and rate the concepts Good.
    assert evidence.hints == 1
    assert logs and {log.rating for log in logs} == {ReviewRating.HARD}
    assert read_inside_the_turn == [submission_id]

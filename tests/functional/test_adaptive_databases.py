"""The adaptive tables on every backend (SQLite, PostgreSQL, MariaDB): the listener stores
evidence once per submission (JSON test names, UTC times), mastery and the placement check
read it back, and a finished check's per-step rows are kept."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from pyroad.db import transaction, utcnow
from pyroad.learning import mastery, placement
from pyroad.learning.adaptive_models import Evidence
from pyroad.learning.graded import Graded
from tests.conftest import Learner
from tests.functional.test_adaptive import concepts, platform_of, seed, user_id


def test_evidence_mastery_and_placement_on_this_backend(
    client: TestClient, learner: Learner
) -> None:
    uid = user_id(learner)
    catalog = platform_of(client).catalog
    assert learner.post("/api/v1/placement").status_code == 201
    later = utcnow() + timedelta(seconds=1)
    step1 = placement.check_exercises(catalog.steps[0])
    for index, exercise in enumerate(step1):
        seed(
            client, uid, exercise.slug, index > 0, later + timedelta(minutes=index), ("ünïcode ✓",)
        )
    with platform_of(client).sessions() as session:
        attempts = mastery.attempts_of(session, uid)
    assert [a.passed for a in attempts] == [i > 0 for i in range(len(step1))]
    assert attempts[0].failed_tests == ("ünïcode ✓",)
    assert attempts[0].at is not None and attempts[0].at.tzinfo is not None
    assert attempts[1].seconds == 60  # working time since the previous submission
    # Told twice about one submission (a retried grading), the evidence is stored once.
    with transaction(platform_of(client).sessions) as session:
        first = attempts[0]
        row_id = (
            session.execute(select(Evidence.submission_id).where(Evidence.user_id == uid))
            .scalars()
            .first()
        )
        assert row_id is not None and first.at is not None
        mastery.record(
            session,
            Graded(row_id, uid, first.exercise_slug, "failed", 2, 8, (), first.at, first.at),
        )
    with platform_of(client).sessions() as session:
        assert len(mastery.attempts_of(session, uid)) == len(step1)
    concept = step1[0].concepts[0]
    assert concepts(learner.get("/api/v1/mastery").json())[concept]["attempts"] >= 1
    finished = learner.post("/api/v1/placement/finish")
    assert finished.status_code == 200
    assert [s["state"] for s in finished.json()["steps"]] == ["failed", "failed", "failed"]
    assert learner.post("/api/v1/placement/finish").status_code == 409

"""Spaced review through the API and the dashboard: the queue, the cards, and who may read them.

Cards are seeded through the review listener with explicit times (a pass days ago makes a
card due now), so nothing waits for the clock. SQLite here; test_review_databases.py runs
the queue on PostgreSQL and MariaDB.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pyroad.accounts.models import Role, User
from pyroad.db import transaction, utcnow
from pyroad.learning import review
from pyroad.learning.graded import Graded
from pyroad.submissions.models import Submission, SubmissionStatus
from pyroad.teaching.models import Cohort, CohortMember, CohortRole
from tests.conftest import Learner

SLUG = "parse-request-line"


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'pyroad.sqlite3'}"


def user_id(learner: Learner) -> int:
    return int(learner.get("/api/v1/me").json()["id"])


def seed(client: TestClient, uid: int, slug: str, verdict: str, at: datetime) -> None:
    """A graded submission made at ``at``, told to the review listener (as grading does)."""
    platform = client.app.state.platform  # type: ignore[attr-defined]
    exercise = platform.catalog.require_exercise(slug)
    with transaction(platform.sessions) as session:
        row = Submission(
            user_id=uid,
            exercise_slug=slug,
            code="x",
            status=SubmissionStatus.DONE,
            verdict=verdict,
            created_at=at,
            updated_at=at,
            finished_at=at,
        )
        session.add(row)
        session.flush()
        graded = Graded(row.id, uid, slug, verdict, 1, 1, (), at, at)
        review.on_graded(session, graded, exercise.concepts)


def concepts_of(client: TestClient, slug: str) -> set[str]:
    platform = client.app.state.platform  # type: ignore[attr-defined]
    return set(platform.catalog.require_exercise(slug).concepts)


def test_a_newcomer_has_nothing_in_review(learner: Learner) -> None:
    queue = learner.get("/api/v1/review").json()
    assert queue["items"] == [] and queue["next_due"] is None
    assert (queue["due"], queue["more"], queue["total"]) == (0, 0, 0)
    assert learner.get("/api/v1/review/cards").json() == {"cards": []}


def test_a_pass_long_ago_comes_back_as_a_review_exercise(
    client: TestClient, learner: Learner
) -> None:
    uid = user_id(learner)
    seed(client, uid, SLUG, "passed", utcnow() - timedelta(days=5))
    queue = learner.get("/api/v1/review").json()
    concepts = concepts_of(client, SLUG)
    assert queue["due"] == len(concepts) == queue["total"]
    reviewed = {c["concept"] for item in queue["items"] for c in item["concepts"]}
    assert reviewed == concepts
    first = queue["items"][0]
    assert first["url"] == f"/exercises/{first['slug']}" and first["because"].endswith(".")
    assert "came due 3 days ago" in first["because"]  # a first "good" pass: two days
    cards = learner.get("/api/v1/review/cards").json()["cards"]
    assert {card["concept"] for card in cards} == concepts
    assert all(0 < card["retrievability"] < 0.9 and card["reps"] == 1 for card in cards)


def test_a_recent_pass_is_not_due_and_the_next_date_is_given(
    client: TestClient, learner: Learner
) -> None:
    seed(client, user_id(learner), SLUG, "passed", utcnow() - timedelta(hours=1))
    queue = learner.get("/api/v1/review").json()
    assert queue["items"] == [] and queue["due"] == 0
    assert queue["next_due"]["concept"] in concepts_of(client, SLUG)


def test_reviewing_a_due_concept_moves_it_out_of_the_queue(
    client: TestClient, learner: Learner
) -> None:
    uid = user_id(learner)
    seed(client, uid, SLUG, "passed", utcnow() - timedelta(days=5))
    item = learner.get("/api/v1/review").json()["items"][0]
    seed(client, uid, item["slug"], "passed", utcnow() - timedelta(minutes=1))
    after = learner.get("/api/v1/review").json()
    still = {c["concept"] for i in after["items"] for c in i["concepts"]}
    assert not still & {c["concept"] for c in item["concepts"]}


def staff(client: TestClient, role: CohortRole | None, learner_ids: list[int]) -> Learner:
    """A new account, teacher or mentor (``role``) of a new cohort holding ``learner_ids``."""
    member = Learner(client)
    if role is None:
        return member
    platform = client.app.state.platform  # type: ignore[attr-defined]
    with transaction(platform.sessions) as session:
        cohort = Cohort(name=f"cohort {member.email}")
        session.add(cohort)
        session.flush()
        session.add(CohortMember(cohort_id=cohort.id, user_id=user_id(member), role=role))
        for learner_id in learner_ids:
            session.add(
                CohortMember(cohort_id=cohort.id, user_id=learner_id, role=CohortRole.LEARNER)
            )
    return member


def test_nobody_reads_another_learners_queue(client: TestClient, learner: Learner) -> None:
    uid = user_id(learner)
    seed(client, uid, SLUG, "passed", utcnow() - timedelta(days=5))
    own = learner.get(f"/api/v1/learners/{uid}/review")
    assert own.status_code == 200 and own.json()["due"] > 0

    other = Learner(client)
    assert other.get("/api/v1/review").json()["total"] == 0  # each sees only their own
    refused = other.get(f"/api/v1/learners/{uid}/review")
    missing = other.get("/api/v1/learners/999999/review")
    assert refused.status_code == missing.status_code == 404  # the same: ids cannot be probed
    assert refused.json()["detail"] == f"no learner with id {uid} whose review queue you may see"

    # A fellow learner of the same cohort, and staff of another cohort, are refused too.
    classmate = staff(client, CohortRole.LEARNER, [uid])
    elsewhere = staff(client, CohortRole.TEACHER, [user_id(other)])
    for outsider in (classmate, elsewhere):
        assert outsider.get(f"/api/v1/learners/{uid}/review").status_code == 404

    # The learner's teacher and mentor may read it; so may an admin.
    for role in (CohortRole.TEACHER, CohortRole.MENTOR):
        reader = staff(client, role, [uid])
        allowed = reader.get(f"/api/v1/learners/{uid}/review")
        assert allowed.status_code == 200 and allowed.json()["due"] == own.json()["due"]
    admin = Learner(client)
    platform = client.app.state.platform  # type: ignore[attr-defined]
    with transaction(platform.sessions) as session:
        found = session.get(User, user_id(admin))
        assert found is not None
        found.role = Role.ADMIN
    # A fresh token: the token cache keeps the account as it was for a few seconds.
    body = {"email": admin.email, "password": admin.password}
    admin.token = client.post("/api/v1/auth/login", json=body).json()["access_token"]
    assert admin.get(f"/api/v1/learners/{uid}/review").status_code == 200
    assert admin.get("/api/v1/learners/999999/review").status_code == 404


def test_the_review_api_needs_a_login_and_a_valid_id(client: TestClient, learner: Learner) -> None:
    for path in ("/api/v1/review", "/api/v1/review/cards", "/api/v1/learners/1/review"):
        assert client.get(path).status_code == 401
    for bad in ("0", "-3", "abc", str(2**31)):
        assert learner.get(f"/api/v1/learners/{bad}/review").status_code == 422


def dashboard(client: TestClient, learner: Learner) -> str:
    login = {"email": learner.email, "password": learner.password}
    response = client.post("/login", data=login, follow_redirects=False)
    assert response.status_code in (302, 303), response.text
    page: Any = client.get("/dashboard")
    assert page.status_code == 200
    return str(page.text)


def test_the_dashboard_shows_the_queue_and_only_the_learners_own(
    client: TestClient, learner: Learner
) -> None:
    seed(client, user_id(learner), SLUG, "passed", utcnow() - timedelta(days=5))
    item = learner.get("/api/v1/review").json()["items"][0]
    html = dashboard(client, learner)
    assert 'id="review-queue"' in html and f'id="review-{item["slug"]}"' in html
    assert "concepts due" in html
    client.cookies.clear()
    other = Learner(client)
    html = dashboard(client, other)
    assert 'id="review-queue"' in html and "Nothing to review yet" in html
    assert f'id="review-{item["slug"]}"' not in html


def test_a_graded_pass_puts_its_concepts_in_review(client: TestClient, learner: Learner) -> None:
    """The real path: the grading task's listener creates the cards (not seeded)."""
    platform = client.app.state.platform  # type: ignore[attr-defined]
    exercise = platform.catalog.require_exercise(SLUG)
    wrong = learner.wait(learner.submit(SLUG, "def parse_request_line(line):\n    return None\n"))
    assert wrong["verdict"] == "failed"
    assert learner.get("/api/v1/review/cards").json()["cards"] == []  # failing adds nothing
    passed = learner.wait(learner.submit(SLUG, exercise.solution))
    assert passed["verdict"] == "passed"
    cards = learner.get("/api/v1/review/cards").json()["cards"]
    assert {card["concept"] for card in cards} == set(exercise.concepts)
    # Passed after a failure: "hard", so each concept comes back the next day.
    submitted = datetime.fromisoformat(passed["created_at"])
    for card in cards:
        assert card["reps"] == 1 and card["state"] == "review"
        assert datetime.fromisoformat(card["due"]) - submitted == timedelta(days=1)
    queue = learner.get("/api/v1/review").json()
    assert queue["items"] == [] and queue["next_due"]["concept"] in exercise.concepts

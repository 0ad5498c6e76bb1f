"""Adaptive learning through the API and the pages: mastery, the explained Continue, the
placement check, and who may read a learner's mastery (SQLite; test_adaptive_databases.py
runs the storage on PostgreSQL and MariaDB).

One test grades real submissions end to end (the listener in the grading task stores the
evidence); the others seed graded submissions through the same listener with fixed times.
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pyroad.db import transaction, utcnow
from pyroad.learning import mastery, placement
from pyroad.learning.graded import Graded
from pyroad.submissions.models import Submission, SubmissionStatus
from pyroad.teaching.models import Cohort, CohortMember, CohortRole
from tests.conftest import Learner

SLUG = "parse-request-line"
CSRF = re.compile(r'<meta name="csrf-token" content="([0-9a-f]+)">')
HTML = {"accept": "text/html"}


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'pyroad.sqlite3'}"


def user_id(learner: Learner) -> int:
    return int(learner.get("/api/v1/me").json()["id"])


def platform_of(client: TestClient) -> Any:
    return client.app.state.platform  # type: ignore[attr-defined]


def seed(
    client: TestClient,
    uid: int,
    slug: str,
    ok: bool,
    at: datetime,
    failed: tuple[str, ...] = ("an empty line",),
) -> None:
    """A graded submission at ``at``, told to the mastery listener as grading does."""
    platform = platform_of(client)
    with transaction(platform.sessions) as session:
        row = Submission(
            user_id=uid,
            exercise_slug=slug,
            code="x",
            status=SubmissionStatus.DONE,
            verdict="passed" if ok else "failed",
            created_at=at,
            updated_at=at,
            finished_at=at,
        )
        session.add(row)
        session.flush()
        graded = Graded(
            row.id, uid, slug, row.verdict or "", 8 if ok else 2, 8, () if ok else failed, at, at
        )
        mastery.record(session, graded)


def concepts(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["concept"]: c for step in body["steps"] for c in step["concepts"]}


def wait_for_attempts(learner: Learner, concept: str, count: int) -> dict[str, Any]:
    """The listener runs just after the verdict is stored: poll until it has."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        body: dict[str, Any] = learner.get("/api/v1/mastery").json()
        if concepts(body)[concept]["attempts"] >= count:
            return body
        time.sleep(0.05)
    raise AssertionError(f"no evidence of {count} attempt(s) on {concept}")


def test_graded_submissions_become_mastery_and_the_reason_names_the_missed_test(
    client: TestClient, learner: Learner
) -> None:
    catalog = platform_of(client).catalog
    exercise = catalog.require_exercise(SLUG)
    concept = exercise.concepts[0]
    fresh = concepts(learner.get("/api/v1/mastery").json())[concept]
    assert fresh == {
        "concept": concept,
        "percent": 10,
        "mastered": False,
        "attempts": 0,
        "passes": 0,
        "placed": False,
    }
    wrong = (exercise.path / "wrong").iterdir().__next__().read_text()
    failed = learner.wait(learner.submit(SLUG, wrong))
    assert failed["verdict"] != "passed"
    after_fail = concepts(wait_for_attempts(learner, concept, 1))[concept]
    passed = learner.wait(learner.submit(SLUG, exercise.solution))
    assert passed["verdict"] == "passed"
    after_pass = concepts(wait_for_attempts(learner, concept, 2))[concept]
    assert after_pass["passes"] == 1 and after_pass["percent"] > after_fail["percent"]
    # The evidence row keeps the failing tests' names (what the reason quotes).
    with platform_of(client).sessions() as session:
        attempts = mastery.attempts_of(session, user_id(learner))
    assert [a.passed for a in attempts] == [False, True]
    names = [t["name"] for t in failed["tests"] if t["status"] != "passed"]
    assert list(attempts[0].failed_tests) == names[: mastery.MAX_FAILED_KEPT]


def test_the_recommendation_explains_itself_and_matches_continue(
    client: TestClient, learner: Learner
) -> None:
    uid = user_id(learner)
    catalog = platform_of(client).catalog
    step1 = catalog.steps[0]
    for lesson in step1.lessons:  # read every lesson of step 1
        assert learner.get(f"/api/v1/lessons/{lesson.slug}").status_code == 200
    missed = step1.exercises[0]
    now = utcnow()
    seed(client, uid, missed.slug, False, now - timedelta(minutes=10), ("spaces around",))
    seed(client, uid, missed.slug, False, now - timedelta(minutes=5), ("spaces around",))
    body = learner.get("/api/v1/recommendation").json()["next"]
    assert body["kind"] == "exercise" and body["evidence"] == "missed"
    assert "“spaces around”" in body["because"] and body["concept"] in missed.concepts
    assert body["mastery"] < 10
    roadmap = learner.get("/api/v1/roadmap").json()
    assert roadmap["next"]["slug"] == body["slug"]
    assert roadmap["next"]["because"] == body["because"]
    # The pages show the same sentence, and /continue goes there.
    web = TestClient(client.app)
    web.post("/login", data={"email": learner.email, "password": learner.password})
    assert web.get("/continue", follow_redirects=False).headers["location"] == body["url"]
    page = web.get("/roadmap", headers=HTML).text
    assert 'id="mastery"' in page and "spaces around" in page
    dashboard = web.get("/dashboard", headers=HTML).text
    assert 'id="mastery-step-1"' in dashboard and "spaces around" in dashboard


def test_mastery_needs_a_login_and_is_read_only_by_the_learner_and_their_staff(
    client: TestClient, learner: Learner
) -> None:
    for path in ("/api/v1/mastery", "/api/v1/recommendation", "/api/v1/placement"):
        assert client.get(path).status_code == 401
    assert client.post("/api/v1/placement").status_code == 401
    uid = user_id(learner)
    seed(client, uid, SLUG, True, utcnow())
    own = learner.get(f"/api/v1/learners/{uid}/mastery")
    assert own.status_code == 200
    other = Learner(client)
    refused = other.get(f"/api/v1/learners/{uid}/mastery")
    assert refused.status_code == 404
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "among the learners you can see" in refused.json()["detail"]
    assert other.get("/api/v1/learners/999999/mastery").status_code == 404
    # An id no row can have is a 422 saying so, not a database overflow (found by the fuzzer).
    for bad in ("9223372036854775808", "0", "-1"):
        reply = other.get(f"/api/v1/learners/{bad}/mastery")
        assert reply.status_code == 422, (bad, reply.text)
    # The learner's teacher reads it; a fellow learner of the cohort does not.
    teacher, fellow = Learner(client), Learner(client)
    with transaction(platform_of(client).sessions) as session:
        cohort = Cohort(name="Evening class")
        session.add(cohort)
        session.flush()
        session.add(CohortMember(cohort_id=cohort.id, user_id=uid, role=CohortRole.LEARNER))
        for member, role in ((teacher, CohortRole.TEACHER), (fellow, CohortRole.LEARNER)):
            session.add(CohortMember(cohort_id=cohort.id, user_id=user_id(member), role=role))
    assert teacher.get(f"/api/v1/learners/{uid}/mastery").json() == own.json()
    assert fellow.get(f"/api/v1/learners/{uid}/mastery").status_code == 404
    assert other.get("/api/v1/learners/abc/mastery").status_code == 422


def test_placement_check_through_the_api(client: TestClient, learner: Learner) -> None:
    catalog = platform_of(client).catalog
    status = learner.get("/api/v1/placement").json()
    assert status["started"] is False and [s["number"] for s in status["steps"]] == [1, 2, 3]
    assert learner.post("/api/v1/placement/finish").status_code == 409  # not started
    started = learner.post("/api/v1/placement")
    assert started.status_code == 201 and started.json()["started"]
    assert learner.post("/api/v1/placement").status_code == 201  # again: no change
    first = placement.check_exercises(catalog.steps[0])[0]
    nxt = learner.get("/api/v1/recommendation").json()["next"]
    assert nxt["slug"] == first.slug and nxt["evidence"] == "placement"
    # Pass all of step 1's check exercises (after the start), fail step 2's first twice.
    uid = user_id(learner)
    later = utcnow() + timedelta(seconds=1)
    for index, exercise in enumerate(placement.check_exercises(catalog.steps[0])):
        seed(client, uid, exercise.slug, True, later + timedelta(minutes=index))
    step2 = placement.check_exercises(catalog.steps[1])[0]
    seed(client, uid, step2.slug, False, later + timedelta(minutes=10))
    seed(client, uid, step2.slug, False, later + timedelta(minutes=11))
    status = learner.get("/api/v1/placement").json()
    assert [s["state"] for s in status["steps"]] == ["passed", "failed", "pending"]
    finished = learner.post("/api/v1/placement/finish").json()
    assert finished["finished"] and [s["state"] for s in finished["steps"]] == [
        "passed",
        "failed",
        "failed",
    ]
    again = learner.post("/api/v1/placement/finish")
    assert again.status_code == 409 and "kept" in again.json()["detail"]
    assert learner.post("/api/v1/placement").status_code == 409
    steps = learner.get("/api/v1/mastery").json()["steps"]
    assert steps[0]["tested_out"] and steps[0]["mastered"]
    assert not steps[1]["tested_out"]
    # Continue skips step 1's lessons and exercises: the path goes on in step 2.
    assert learner.get("/api/v1/recommendation").json()["next"]["step"] == 2


def test_placement_pages_use_forms_with_the_csrf_token(
    client: TestClient, learner: Learner
) -> None:
    web = TestClient(client.app)
    assert web.get("/placement", follow_redirects=False).status_code == 303  # log in first
    web.post("/login", data={"email": learner.email, "password": learner.password})
    page = web.get("/placement", headers=HTML).text
    assert 'id="start-placement"' in page
    token = CSRF.search(page)
    assert token is not None
    # Without the token (a form from elsewhere) nothing starts.
    forged = web.post("/placement/start", data={"csrf_token": "forged"}, follow_redirects=False)
    assert forged.status_code == 403
    assert learner.get("/api/v1/placement").json()["started"] is False
    done = web.post("/placement/start", data={"csrf_token": token.group(1)}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/placement"
    page = web.get("/placement", headers=HTML).text
    assert 'id="placement-next"' in page and 'id="finish-placement"' in page
    web.post("/placement/finish", data={"csrf_token": token.group(1)})
    page = web.get("/placement", headers=HTML).text
    assert 'id="placement-result"' in page and "no step was passed" in page

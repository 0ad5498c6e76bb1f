"""Cohorts, invites and assignments through the API (SQLite; test_teaching_databases.py runs
the main paths on PostgreSQL and MariaDB)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from pyroad.accounts.models import Role, User
from pyroad.app import create_app
from pyroad.db import transaction
from pyroad.grading.sandbox import Sandbox
from pyroad.teaching.models import Invite
from tests.conftest import Learner, make_settings

SLUG = "parse-request-line"


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'pyroad.sqlite3'}"


def with_role(client: TestClient, person: Learner, role: Role) -> Learner:
    """Give an account a global role (as `pyroad admin create` or an admin would)."""
    with transaction(client.app.state.platform.sessions) as session:  # type: ignore[attr-defined]
        user = session.scalar(select(User).where(User.email == person.email))
        assert user is not None
        user.role = role
    return person


def teacher(client: TestClient) -> Learner:
    return with_role(client, Learner(client), Role.TEACHER)


def make_cohort(person: Learner, name: str = "Class 3B") -> int:
    response = person.post("/api/v1/cohorts", json={"name": name})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def invite(person: Learner, cohort_id: int, **body: Any) -> dict[str, Any]:
    response = person.post(f"/api/v1/cohorts/{cohort_id}/invites", json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def join(person: Learner, code: str) -> Any:
    return person.post("/api/v1/join", json={"code": code})


def test_a_teacher_runs_a_cohort_and_a_learner_joins_and_sees_the_assignment(
    client: TestClient,
) -> None:
    ada = teacher(client)
    cohort_id = make_cohort(ada)
    made = invite(ada, cohort_id)
    assert made["join_url"].endswith(f"/join/{made['code']}") and len(made["code"]) >= 22
    due = datetime.now(UTC) + timedelta(days=7)
    assigned = ada.post(
        f"/api/v1/cohorts/{cohort_id}/assignments",
        json={"exercise_slug": SLUG, "due_at": due.isoformat()},
    )
    assert assigned.status_code == 201, assigned.text
    step = ada.post(f"/api/v1/cohorts/{cohort_id}/assignments", json={"step": 1})
    assert step.status_code == 201 and len(step.json()["exercises"]) > 1

    bob = Learner(client)
    joined = join(bob, made["code"])
    assert joined.status_code == 200, joined.text
    assert joined.json()["role"] == "learner" and joined.json()["already_member"] is False
    again = join(bob, made["code"])
    assert again.json()["already_member"] is True
    mine = bob.get("/api/v1/me/assignments").json()
    assert all(a["title"] for a in mine)
    first = next(a for a in mine if a["kind"] == "exercise")
    assert first["status"] == "open" and first["exercises"][0]["slug"] == SLUG
    assert bob.get(f"/api/v1/cohorts/{cohort_id}").json()["my_role"] == "learner"
    members = ada.get(f"/api/v1/cohorts/{cohort_id}/members").json()
    assert [m["role"] for m in members] == ["teacher", "learner"]
    assert ada.get(f"/api/v1/cohorts/{cohort_id}/invites").json()[0]["uses"] == 1


def test_only_teachers_and_admins_open_cohorts(client: TestClient) -> None:
    refused = Learner(client).post("/api/v1/cohorts", json={"name": "Mine"})
    assert refused.status_code == 403
    assert "pyroad admin create" in refused.json()["detail"]
    mentor = with_role(client, Learner(client), Role.MENTOR)
    assert mentor.post("/api/v1/cohorts", json={"name": "Mine"}).status_code == 403
    admin = with_role(client, Learner(client), Role.ADMIN)
    assert admin.post("/api/v1/cohorts", json={"name": "Mine"}).status_code == 201


def test_a_bad_cohort_name_is_refused_with_a_reason(client: TestClient) -> None:
    ada = teacher(client)
    for name in ("", "   ", "x" * 121, "tab\there"):
        response = ada.post("/api/v1/cohorts", json={"name": name})
        assert response.status_code == 422, name
        assert "name" in response.json()["detail"]


def test_a_guessed_code_is_404_and_a_revoked_one_410(client: TestClient) -> None:
    ada = teacher(client)
    cohort_id = make_cohort(ada)
    made = invite(ada, cohort_id)
    bob, cy = Learner(client), Learner(client)
    guessed = join(bob, made["code"][:-1] + ("A" if made["code"][-1] != "A" else "B"))
    assert guessed.status_code == 404 and "no invite with this code" in guessed.json()["detail"]
    assert join(bob, made["code"]).status_code == 200
    revoked = ada.post(f"/api/v1/cohorts/{cohort_id}/invites/{made['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    reused = join(cy, made["code"])
    assert reused.status_code == 410 and "revoked" in reused.json()["detail"]
    # Already in: revoking does not take members out.
    assert bob.get(f"/api/v1/cohorts/{cohort_id}").status_code == 200
    assert cy.get(f"/api/v1/cohorts/{cohort_id}").status_code == 404


def test_expired_and_used_up_codes_are_410_with_the_reason(client: TestClient) -> None:
    ada = teacher(client)
    cohort_id = make_cohort(ada)
    once = invite(ada, cohort_id, max_uses=1)
    assert join(Learner(client), once["code"]).status_code == 200
    used = join(Learner(client), once["code"])
    assert used.status_code == 410 and "used" in used.json()["detail"]
    later = invite(ada, cohort_id, days=1)
    with transaction(client.app.state.platform.sessions) as session:  # type: ignore[attr-defined]
        row = session.get(Invite, later["id"])
        assert row is not None
        row.expires_at = datetime.now(UTC) - timedelta(minutes=1)
    expired = join(Learner(client), later["code"])
    assert expired.status_code == 410 and "expired" in expired.json()["detail"]


def test_codes_are_stored_hashed(client: TestClient) -> None:
    ada = teacher(client)
    made = invite(ada, make_cohort(ada))
    with transaction(client.app.state.platform.sessions) as session:  # type: ignore[attr-defined]
        row = session.get(Invite, made["id"])
        assert row is not None and made["code"] not in row.code_hash and len(row.code_hash) == 64


def test_joining_is_rate_limited(client: TestClient) -> None:
    bob = Learner(client)
    answers = [join(bob, f"guess{n}").status_code for n in range(11)]
    assert answers[:10] == [404] * 10
    assert answers[10] == 429


def test_a_malformed_code_is_422(client: TestClient) -> None:
    response = join(Learner(client), "has spaces and / slashes")
    assert response.status_code == 422


def test_a_mentor_invite_makes_a_mentor_who_reads_but_does_not_manage(
    client: TestClient,
) -> None:
    ada = teacher(client)
    cohort_id = make_cohort(ada)
    made = invite(ada, cohort_id, role="mentor")
    mentor = Learner(client)
    assert mentor.get("/api/v1/me").json()["role"] == "learner"
    assert join(mentor, made["code"]).json()["role"] == "mentor"
    # The global role follows, so the Teach area (and its nav link) opens to them.
    assert mentor.get("/api/v1/me").json()["role"] == "mentor"
    assert mentor.get(f"/api/v1/cohorts/{cohort_id}/members").status_code == 200
    refused = mentor.post(f"/api/v1/cohorts/{cohort_id}/assignments", json={"step": 1})
    assert refused.status_code == 403 and "only a teacher" in refused.json()["detail"]


def test_assignment_rules(client: TestClient) -> None:
    ada = teacher(client)
    cohort_id = make_cohort(ada)
    url = f"/api/v1/cohorts/{cohort_id}/assignments"
    both = ada.post(url, json={"exercise_slug": SLUG, "step": 1})
    assert both.status_code == 422 and "exactly one" in both.json()["detail"]
    assert ada.post(url, json={}).status_code == 422
    missing = ada.post(url, json={"exercise_slug": "no-such-exercise"})
    assert missing.status_code == 404 and "no-such-exercise" in missing.json()["detail"]
    assert ada.post(url, json={"step": 42}).status_code == 404
    naive = ada.post(url, json={"step": 1, "due_at": "2026-12-24T17:00:00"})
    assert naive.status_code == 422
    assert ada.post(url, json={"step": 1}).status_code == 201
    twice = ada.post(url, json={"step": 1})
    assert twice.status_code == 422 and "already assigned" in twice.json()["detail"]
    assignment_id = ada.get(url).json()[0]["id"]
    due = "2027-01-10T09:00:00+01:00"
    moved = ada.client.patch(f"{url}/{assignment_id}", json={"due_at": due}, headers=ada.headers)
    assert moved.status_code == 200 and moved.json()["due_at"].startswith("2027-01-10T08:00")
    gone = ada.client.delete(f"{url}/{assignment_id}", headers=ada.headers)
    assert gone.status_code == 204 and ada.get(url).json() == []


def test_late_work_is_accepted_and_marked_late(client: TestClient) -> None:
    from pyroad.curriculum.model import Catalog

    catalog: Catalog = client.app.state.platform.catalog  # type: ignore[attr-defined]
    exercise = catalog.require_exercise(SLUG)
    ada = teacher(client)
    cohort_id = make_cohort(ada)
    past = datetime.now(UTC) - timedelta(days=1)
    ada.post(
        f"/api/v1/cohorts/{cohort_id}/assignments",
        json={"exercise_slug": SLUG, "due_at": past.isoformat()},
    )
    bob = Learner(client)
    join(bob, invite(ada, cohort_id)["code"])
    overdue = bob.get("/api/v1/me/assignments").json()[0]
    assert overdue["status"] == "overdue" and overdue["late"] is True
    verdict = bob.wait(bob.submit(SLUG, exercise.solution))
    assert verdict["verdict"] == "passed"  # never refused
    done = bob.get("/api/v1/me/assignments").json()[0]
    assert done["status"] == "done-late" and done["exercises"][0]["late"] is True
    assert done["solved"] == done["total"] == 1


def test_removing_members_and_the_last_teacher_stays(client: TestClient) -> None:
    ada = teacher(client)
    cohort_id = make_cohort(ada)
    bob = Learner(client)
    join(bob, invite(ada, cohort_id)["code"])
    members = ada.get(f"/api/v1/cohorts/{cohort_id}/members").json()
    ada_id = next(m["user_id"] for m in members if m["role"] == "teacher")
    bob_id = next(m["user_id"] for m in members if m["role"] == "learner")
    last = ada.client.delete(f"/api/v1/cohorts/{cohort_id}/members/{ada_id}", headers=ada.headers)
    assert last.status_code == 409 and "at least one teacher" in last.json()["detail"]
    grace = teacher(client)
    added = ada.post(
        f"/api/v1/cohorts/{cohort_id}/members", json={"email": grace.email, "role": "teacher"}
    )
    assert added.status_code == 201 and added.json()["role"] == "teacher"
    # A learner cannot remove someone else, but may leave.
    refused = bob.client.delete(
        f"/api/v1/cohorts/{cohort_id}/members/{ada_id}", headers=bob.headers
    )
    assert refused.status_code == 403
    left = bob.client.delete(f"/api/v1/cohorts/{cohort_id}/members/{bob_id}", headers=bob.headers)
    assert left.status_code == 204
    assert bob.get(f"/api/v1/cohorts/{cohort_id}").status_code == 404


def test_an_archived_cohort_admits_nobody(client: TestClient) -> None:
    ada = teacher(client)
    cohort_id = make_cohort(ada)
    made = invite(ada, cohort_id)
    archived = ada.client.patch(
        f"/api/v1/cohorts/{cohort_id}", json={"archived": True}, headers=ada.headers
    )
    assert archived.status_code == 200 and archived.json()["archived_at"]
    refused = join(Learner(client), made["code"])
    assert refused.status_code == 410 and "archived" in refused.json()["detail"]


@pytest.mark.parametrize(("environment", "role"), [("development", "admin"), ("test", "learner")])
def test_the_first_account_is_an_admin_only_in_development(
    tmp_path: Path, sandbox: Sandbox, environment: str, role: str
) -> None:
    settings = make_settings(
        tmp_path, f"sqlite:///{tmp_path / 'first.sqlite3'}", environment=environment
    )
    with TestClient(create_app(settings, sandbox=sandbox)) as fresh:
        first = fresh.post(
            "/api/v1/accounts", json={"email": "first@example.com", "password": "long enough"}
        )
        assert first.status_code == 201 and first.json()["user"]["role"] == role

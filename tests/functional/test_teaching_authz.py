"""Authorisation of every teaching endpoint: a learner of the cohort, its mentor where a
teacher is needed, a teacher of another cohort and a stranger are refused (403 inside the
cohort, 404 outside it, 401 without an account); the cohort's own teacher is not (so each
case could fail). Submissions: cohort staff may read their learners' code, nobody else."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pyroad.accounts.models import Role
from tests.conftest import Learner
from tests.functional.test_teaching_api import SLUG, invite, join, make_cohort, teacher, with_role


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'pyroad.sqlite3'}"


@dataclass
class World:
    """Cohort A (teacher, mentor, learner) and cohort B with its own teacher and learner."""

    client: TestClient
    owner: Learner
    mentor: Learner
    learner: Learner
    other_teacher: Learner
    other_learner: Learner
    stranger: Learner
    cohort: int
    invite: int
    assignment: int
    learner_id: int
    mentor_id: int
    classmate_id: int


def member_ids(person: Learner, cohort: int) -> dict[str, int]:
    members = person.get(f"/api/v1/cohorts/{cohort}/members").json()
    return {m["email"]: m["user_id"] for m in members}


@pytest.fixture
def world(client: TestClient) -> World:
    owner, other_teacher = teacher(client), teacher(client)
    cohort, other = make_cohort(owner, "A"), make_cohort(other_teacher, "B")
    mentor, learner, other_learner = Learner(client), Learner(client), Learner(client)
    assert join(mentor, invite(owner, cohort, role="mentor")["code"]).status_code == 200
    assert join(learner, invite(owner, cohort)["code"]).status_code == 200
    assert join(other_learner, invite(other_teacher, other)["code"]).status_code == 200
    classmate = Learner(client)
    assert join(classmate, invite(owner, cohort)["code"]).status_code == 200
    made = invite(owner, cohort)
    assignment = owner.post(f"/api/v1/cohorts/{cohort}/assignments", json={"exercise_slug": SLUG})
    ids = member_ids(owner, cohort)
    return World(
        client,
        owner,
        mentor,
        learner,
        other_teacher,
        other_learner,
        with_role(client, Learner(client), Role.TEACHER),
        cohort,
        made["id"],
        assignment.json()["id"],
        ids[learner.email],
        ids[mentor.email],
        ids[classmate.email],
    )


def call(world: World, person: Learner | None, method: str, path: str, body: Any) -> int:
    url = path.format(c=world.cohort, i=world.invite, a=world.assignment, m=world.classmate_id)
    headers = person.headers if person is not None else {}
    kwargs: dict[str, Any] = {"headers": headers}
    if body is not None:
        kwargs["json"] = body
    return world.client.request(method, url, **kwargs).status_code


TEACHER_ONLY = [
    ("PATCH", "/api/v1/cohorts/{c}", {"name": "Renamed"}),
    ("POST", "/api/v1/cohorts/{c}/members", {"email": "nobody@example.com", "role": "mentor"}),
    ("DELETE", "/api/v1/cohorts/{c}/members/{m}", None),  # a classmate, not oneself
    ("POST", "/api/v1/cohorts/{c}/invites", {}),
    ("GET", "/api/v1/cohorts/{c}/invites", None),
    ("POST", "/api/v1/cohorts/{c}/invites/{i}/revoke", None),
    ("POST", "/api/v1/cohorts/{c}/assignments", {"step": 2}),
    ("PATCH", "/api/v1/cohorts/{c}/assignments/{a}", {"due_at": None}),
    ("DELETE", "/api/v1/cohorts/{c}/assignments/{a}", None),
]
STAFF = [("GET", "/api/v1/cohorts/{c}/members", None)]
MEMBERS = [
    ("GET", "/api/v1/cohorts/{c}", None),
    ("GET", "/api/v1/cohorts/{c}/assignments", None),
]


def refusals(world: World, method: str, path: str, body: Any) -> dict[str, int]:
    return {
        "anonymous": call(world, None, method, path, body),
        "teacher of another cohort": call(world, world.other_teacher, method, path, body),
        "learner of another cohort": call(world, world.other_learner, method, path, body),
        "teacher in no cohort": call(world, world.stranger, method, path, body),
    }


OUTSIDERS = {
    "anonymous": 401,
    "teacher of another cohort": 404,
    "learner of another cohort": 404,
    "teacher in no cohort": 404,
}


@pytest.mark.parametrize(("method", "path", "body"), TEACHER_ONLY, ids=lambda v: str(v))
def test_teacher_endpoints_refuse_everyone_but_the_cohorts_teachers(
    world: World, method: str, path: str, body: Any
) -> None:
    assert refusals(world, method, path, body) == OUTSIDERS
    assert call(world, world.learner, method, path, body) == 403
    assert call(world, world.mentor, method, path, body) == 403
    if path.endswith("/members") and method == "POST":
        body = {"email": world.other_teacher.email, "role": "mentor"}
    assert call(world, world.owner, method, path, body) in (200, 201, 204)


@pytest.mark.parametrize(("method", "path", "body"), STAFF, ids=lambda v: str(v))
def test_staff_endpoints_refuse_learners_and_outsiders(
    world: World, method: str, path: str, body: Any
) -> None:
    assert refusals(world, method, path, body) == OUTSIDERS
    assert call(world, world.learner, method, path, body) == 403
    assert call(world, world.mentor, method, path, body) == 200
    assert call(world, world.owner, method, path, body) == 200


@pytest.mark.parametrize(("method", "path", "body"), MEMBERS, ids=lambda v: str(v))
def test_member_endpoints_refuse_outsiders(world: World, method: str, path: str, body: Any) -> None:
    assert refusals(world, method, path, body) == OUTSIDERS
    for member in (world.learner, world.mentor, world.owner):
        assert call(world, member, method, path, body) == 200


def test_an_admin_may_act_on_any_cohort(world: World) -> None:
    admin = with_role(world.client, Learner(world.client), Role.ADMIN)
    assert call(world, admin, "GET", "/api/v1/cohorts/{c}/invites", None) == 200
    assert call(world, admin, "POST", "/api/v1/cohorts/{c}/assignments", {"step": 3}) == 201


def test_submissions_are_visible_to_their_cohorts_staff_only(world: World) -> None:
    submission = world.learner.submit(SLUG, "x = 1\n")
    path = f"/api/v1/submissions/{submission}"
    assert world.learner.get(path).status_code == 200
    assert world.owner.get(path).status_code == 200
    assert world.mentor.get(path).status_code == 200
    for outsider in (world.other_teacher, world.other_learner, world.stranger):
        assert outsider.get(path).status_code == 404
    # Another learner of the same cohort is not staff.
    classmate = Learner(world.client)
    join(classmate, invite(world.owner, world.cohort)["code"])
    assert classmate.get(path).status_code == 404
    # A mentor who leaves the cohort loses sight of its learners' code.
    left = world.mentor.client.delete(
        f"/api/v1/cohorts/{world.cohort}/members/{world.mentor_id}", headers=world.mentor.headers
    )
    assert left.status_code == 204
    assert world.mentor.get(path).status_code == 404


def test_a_learner_is_never_staff_of_a_classmate(world: World) -> None:
    """A learner's role in a cohort gives no sight of the others (can_view_learner)."""
    from sqlalchemy import select

    from pyroad.accounts.models import User
    from pyroad.db import transaction
    from pyroad.teaching.access import can_view_learner, is_staff_of

    with transaction(world.client.app.state.platform.sessions) as session:  # type: ignore[attr-defined]
        learner = session.scalar(select(User).where(User.email == world.learner.email))
        mentor = session.scalar(select(User).where(User.email == world.mentor.email))
        assert learner is not None and mentor is not None
        assert not is_staff_of(session, learner, world.cohort)
        assert is_staff_of(session, mentor, world.cohort)
        assert not can_view_learner(session, learner, mentor.id)
        assert can_view_learner(session, mentor, learner.id)
        assert not can_view_learner(session, mentor, mentor.id)  # staff, not a learner there

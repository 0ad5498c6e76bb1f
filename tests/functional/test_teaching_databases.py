"""Teaching on every backend (SQLite, PostgreSQL, MariaDB): 0005's role CHECK and the
assignment's exactly-one CHECK, up and down; the main flow through the API (join counting,
the learner's grouped assignment query)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from pyroad.db import make_engine
from pyroad.migrate import alembic_config, upgrade
from tests.conftest import Learner
from tests.functional.test_databases import scratch_url  # noqa: F401 - a fixture
from tests.functional.test_teaching_api import SLUG, invite, join, make_cohort, teacher

NOW = datetime(2026, 12, 1, 12, 0)


def test_0005_roles_and_assignment_checks_up_and_down(scratch_url: str) -> None:  # noqa: F811
    engine = make_engine(scratch_url)
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    insert_user = text(
        "INSERT INTO users (email, display_name, password_hash, role, created_at)"
        " VALUES (:email, 'x', 'x', :role, :at)"
    )
    try:
        upgrade(engine)
        with engine.begin() as connection:
            for role in ("learner", "mentor", "teacher", "author", "admin"):
                connection.execute(insert_user, {"email": f"{role}@x.io", "role": role, "at": NOW})
            connection.execute(
                text("INSERT INTO cohorts (name, created_at) VALUES ('c', :at)"), {"at": NOW}
            )
            cohort = connection.scalar(text("SELECT id FROM cohorts"))
        with pytest.raises(DBAPIError), engine.begin() as connection:
            connection.execute(insert_user, {"email": "junk@x.io", "role": "junk", "at": NOW})
        assignment = text(
            "INSERT INTO assignments (cohort_id, exercise_slug, step, created_at)"
            " VALUES (:c, :slug, :step, :at)"
        )
        for slug, step in ((SLUG, 1), (None, None)):
            with pytest.raises(DBAPIError), engine.begin() as connection:
                connection.execute(assignment, {"c": cohort, "slug": slug, "step": step, "at": NOW})
        with engine.begin() as connection:
            connection.execute(assignment, {"c": cohort, "slug": None, "step": 2, "at": NOW})
        command.downgrade(config, "0004")
        with engine.connect() as connection:
            roles = dict(connection.execute(text("SELECT email, role FROM users")).all())
        assert roles["mentor@x.io"] == roles["author@x.io"] == "learner"
        assert roles["teacher@x.io"] == "teacher" and roles["admin@x.io"] == "admin"
        upgrade(engine)
    finally:
        engine.dispose()


def test_the_teaching_flow_on_this_backend(client: TestClient) -> None:
    owner = teacher(client)
    cohort = make_cohort(owner, f"Cohort {uuid.uuid4().hex[:6]} — ünïcode 🐍")
    due = datetime.now(UTC) + timedelta(days=1)
    owner.post(
        f"/api/v1/cohorts/{cohort}/assignments",
        json={"exercise_slug": SLUG, "due_at": due.isoformat()},
    )
    owner.post(f"/api/v1/cohorts/{cohort}/assignments", json={"step": 1})
    limited = invite(owner, cohort, max_uses=2)
    learners = [Learner(client) for _ in range(3)]
    answers = [join(person, limited["code"]).status_code for person in learners]
    assert answers == [200, 200, 410]
    assert owner.get(f"/api/v1/cohorts/{cohort}/invites").json()[0]["uses"] == 2
    mine = learners[0].get("/api/v1/me/assignments").json()
    assert [a["status"] for a in mine] == ["due-soon", "open"]
    assert mine[0]["cohort_name"].endswith("🐍")
    listed = owner.get("/api/v1/cohorts", params={}).json()
    assert listed[0]["learners"] == 2 and listed[0]["my_role"] == "teacher"

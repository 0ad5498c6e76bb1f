"""The dashboard's and the gradebook's grouped queries on every backend (SQLite, PostgreSQL,
MariaDB): NOT EXISTS with HAVING, CASE inside aggregates, COUNT(DISTINCT …) and datetime
comparisons are where SQL dialects differ.

Submissions are written with explicit times (past due dates, quiet weeks) instead of being
graded, so every stuck rule and timing is reached.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from pyroad.accounts.models import User
from pyroad.db import transaction
from pyroad.submissions import progress
from pyroad.submissions.models import Submission, SubmissionStatus
from pyroad.teaching.dashboard import STUCK_FAILED_ATTEMPTS
from pyroad.teaching.models import Assignment
from tests.conftest import Learner
from tests.functional.test_teaching_api import invite, join, make_cohort, teacher
from tests.functional.test_teaching_reports import CATALOG

STEP1 = [exercise.slug for exercise in CATALOG.steps[0].exercises]
E1, E2 = STEP1[0], STEP1[1]
DAY = timedelta(days=1)


def write(client: TestClient, email: str, rows: list[tuple[str, str, datetime]]) -> None:
    """Store graded submissions (slug, verdict, time) for the learner with this e-mail, and
    recount their progress rows as storing and grading them would."""
    with transaction(client.app.state.platform.sessions) as session:  # type: ignore[attr-defined]
        user_id = session.scalar(select(User.id).where(User.email == email))
        assert user_id is not None
        for slug, verdict, at in rows:
            session.add(
                Submission(
                    user_id=user_id,
                    exercise_slug=slug,
                    code="print('hi')\n",
                    status=SubmissionStatus.DONE,
                    verdict=verdict,
                    summary=verdict,
                    result={"verdict": verdict, "tests": []},
                    created_at=at,
                    updated_at=at,
                    finished_at=at,
                )
            )
        session.flush()
        for slug in {slug for slug, _, _ in rows}:
            progress.record(session, user_id, slug)


def test_dashboard_and_gradebook_agree_on_every_database(client: TestClient) -> None:
    now = datetime.now(UTC)
    ada = teacher(client)
    cohort = make_cohort(ada)
    due = now - 3 * DAY
    made = ada.post(
        f"/api/v1/cohorts/{cohort}/assignments", json={"step": 1, "due_at": due.isoformat()}
    )
    assert made.status_code == 201, made.text
    with transaction(client.app.state.platform.sessions) as session:  # type: ignore[attr-defined]
        assignment = session.get(Assignment, made.json()["id"])
        assert assignment is not None
        assignment.created_at = now - 30 * DAY  # set a month ago, before the work below
    code = invite(ada, cohort)["code"]
    failing, quiet, late = Learner(client), Learner(client), Learner(client)
    for person in (failing, quiet, late):
        assert join(person, code).status_code == 200
    write(client, failing.email, [(E1, "failed", now - DAY)] * STUCK_FAILED_ATTEMPTS)
    write(client, quiet.email, [(E1, "error", now - 8 * DAY), (E2, "passed", now - 9 * DAY)])
    write(
        client,
        late.email,
        [(E1, "timeout", due - DAY), (E1, "passed", due + DAY), (E2, "passed", now - DAY)],
    )

    board = ada.get(f"/api/v1/cohorts/{cohort}/dashboard").json()

    reasons = {(s["learner_id"], s["reason"], s["exercise"]) for s in board["stuck"]}
    ids = {row["email"]: row["id"] for row in board["learners"]}
    assert reasons == {
        (ids[failing.email], "failing", E1),
        (ids[quiet.email], "inactive", E1),
        (ids[quiet.email], "absent", None),
    }
    summary = {s["exercise"]: s for s in board["summary"]}
    assert summary[E1] == {"exercise": E1, "solved": 1, "overdue": 2}
    assert summary[E2]["solved"] == 2
    rows = {row["email"]: row for row in board["learners"]}
    assert rows[late.email]["assigned"][E1]["status"] == "late"
    assert rows[late.email]["steps"][0]["solved"] == 2
    assert rows[quiet.email]["assigned"][E2]["status"] == "solved"
    assert rows[failing.email]["assigned"][E1]["failed"] == STUCK_FAILED_ATTEMPTS
    assert rows[failing.email]["attempts"] == STUCK_FAILED_ATTEMPTS

    book = ada.get(f"/api/v1/cohorts/{cohort}/gradebook").json()
    grades = {learner["email"]: learner["grades"] for learner in book["learners"]}
    assert grades[late.email][E1]["best_verdict"] == "passed"
    assert grades[late.email][E1]["timing"] == "late" and grades[late.email][E1]["attempts"] == 2
    assert grades[quiet.email][E1]["best_verdict"] == "error"
    assert grades[quiet.email][E1]["timing"] == "overdue"
    assert grades[failing.email][E2]["timing"] == "overdue"
    assert grades[failing.email][E2]["best_verdict"] is None

    drill = ada.get(f"/api/v1/cohorts/{cohort}/learners/{ids[quiet.email]}").json()
    assert sorted(s["reason"] for s in drill["learner"]["stuck"]) == ["absent", "inactive"]

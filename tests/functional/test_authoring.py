"""Authoring through the API: create, gate, publish, a learner solves; the bad cases."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.authoring_samples import RIGHT_ADD, SOLUTION, WRONG_ADD, fields, make_author
from tests.conftest import Learner


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'pyroad.sqlite3'}"


def new_draft(author: Learner, **overrides: object) -> int:
    response = author.post("/api/v1/authoring/drafts", json=fields(**overrides))
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def test_create_check_publish_and_a_learner_solves(client: TestClient) -> None:
    author = make_author(client)
    learner = Learner(client)
    draft = new_draft(author, wrong=[RIGHT_ADD])  # a "wrong" solution that is right
    # The draft is invisible to learners (and to the catalog).
    assert learner.get("/api/v1/exercises/double-it").status_code == 404
    assert learner.get(f"/api/v1/authoring/drafts/{draft}").status_code == 403
    checked = author.post(f"/api/v1/authoring/drafts/{draft}/check").json()
    assert checked["ok"] is False
    problem = next(p for p in checked["problems"] if p["field"] == "wrong.0")
    assert "passes every test" in problem["message"]
    refused = author.post(f"/api/v1/authoring/drafts/{draft}/publish")
    assert refused.status_code == 422
    assert any(e["field"] == "wrong.0" for e in refused.json()["errors"])
    assert learner.get("/api/v1/exercises/double-it").status_code == 404

    saved = author.client.put(
        f"/api/v1/authoring/drafts/{draft}", headers=author.headers, json=fields()
    )
    assert saved.status_code == 200, saved.text
    assert author.post(f"/api/v1/authoring/drafts/{draft}/check").json() == {
        "ok": True,
        "problems": [],
    }
    published = author.post(f"/api/v1/authoring/drafts/{draft}/publish")
    assert published.status_code == 200, published.text
    assert published.json()["version"] == 1

    # In the catalog now: a learner reads it, fails, then solves it against version 1.
    exercise = learner.get("/api/v1/exercises/double-it")
    assert exercise.status_code == 200
    assert exercise.json()["title"] == "Double it"
    assert "solution" not in exercise.text.lower().replace("from solution", "")
    failed = learner.wait(learner.submit("double-it", WRONG_ADD))
    assert failed["verdict"] == "failed"
    solved = learner.wait(learner.submit("double-it", SOLUTION))
    assert solved["verdict"] == "passed"
    platform = client.app.state.platform  # type: ignore[attr-defined]
    from pyroad.submissions.models import Submission

    with platform.sessions() as session:
        assert {s.exercise_version for s in session.query(Submission).all()} == {1}

    # Published content is files: one commit per publish, the author named.
    repo = platform.settings.data_dir / "authored"
    log = subprocess.run(
        [shutil.which("git") or "git", "-C", str(repo), "log", "--format=%an|%s"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "Publish double-it v1: Double it" in log
    assert (repo / "02-authored/exercises/double-it/expected.json").exists()


def test_an_edit_keeps_learners_history_and_a_rename_is_refused(client: TestClient) -> None:
    author = make_author(client)
    learner = Learner(client)
    draft = new_draft(author)
    assert author.post(f"/api/v1/authoring/drafts/{draft}/publish").status_code == 200
    first = learner.wait(learner.submit("double-it", SOLUTION))
    assert first["verdict"] == "passed"

    edit = author.post("/api/v1/authoring/exercises/double-it/drafts").json()
    assert edit["base_version"] == 1 and edit["fields"]["title"] == "Double it"
    changed = {**edit["fields"], "title": "Double a number"}
    author.client.put(
        f"/api/v1/authoring/drafts/{edit['id']}", headers=author.headers, json=changed
    )
    second = author.post(f"/api/v1/authoring/drafts/{edit['id']}/publish")
    assert second.status_code == 200, second.text
    assert second.json()["version"] == 2
    assert learner.get("/api/v1/exercises/double-it").json()["title"] == "Double a number"
    # The learner's history survives: still solved, the old submission still readable.
    assert learner.get("/api/v1/exercises/double-it").json()["state"] == "solved"
    assert learner.get(f"/api/v1/submissions/{first['id']}").json()["verdict"] == "passed"

    renamed = {**changed, "slug": "double-a-number"}
    author.client.put(
        f"/api/v1/authoring/drafts/{edit['id']}", headers=author.headers, json=renamed
    )
    refused = author.post(f"/api/v1/authoring/drafts/{edit['id']}/publish")
    assert refused.status_code == 409
    assert "cannot be renamed" in refused.json()["detail"]
    assert learner.get("/api/v1/exercises/double-a-number").status_code == 404


def test_a_slug_without_history_can_be_renamed(client: TestClient) -> None:
    author = make_author(client)
    draft = new_draft(author)
    assert author.post(f"/api/v1/authoring/drafts/{draft}/publish").status_code == 200
    author.client.put(
        f"/api/v1/authoring/drafts/{draft}",
        headers=author.headers,
        json=fields(slug="twice-the-number"),
    )
    moved = author.post(f"/api/v1/authoring/drafts/{draft}/publish")
    assert moved.status_code == 200, moved.text
    assert author.get("/api/v1/exercises/twice-the-number").status_code == 200
    assert author.get("/api/v1/exercises/double-it").status_code == 404
    # The history says what happened: the old slug withdrawn, the new one published.
    old = author.get("/api/v1/authoring/exercises/double-it/versions").json()
    assert [(v["version"], v["withdrawn"]) for v in old] == [(2, True), (1, False)]
    assert "renamed to twice-the-number" in old[0]["message"]
    listed = author.get("/api/v1/authoring/exercises").json()
    assert [(e["slug"], e["version"], e["submissions"]) for e in listed] == [
        ("twice-the-number", 1, 0)
    ]
    missing = author.get("/api/v1/authoring/exercises/no-such-thing/versions")
    assert missing.status_code == 404


def test_two_authors_publishing_at_once_the_second_is_told(client: TestClient) -> None:
    first, second = make_author(client), make_author(client)
    draft = new_draft(first)
    assert first.post(f"/api/v1/authoring/drafts/{draft}/publish").status_code == 200
    mine = first.post("/api/v1/authoring/exercises/double-it/drafts").json()
    theirs = second.post("/api/v1/authoring/exercises/double-it/drafts").json()
    for who, draft_out, title in ((first, mine, "Mine"), (second, theirs, "Theirs")):
        who.client.put(
            f"/api/v1/authoring/drafts/{draft_out['id']}",
            headers=who.headers,
            json={**draft_out["fields"], "title": title},
        )
    assert first.post(f"/api/v1/authoring/drafts/{mine['id']}/publish").status_code == 200
    told = second.post(f"/api/v1/authoring/drafts/{theirs['id']}/publish")
    assert told.status_code == 409
    assert "your draft is kept" in told.json()["detail"]
    # Nothing lost: the second author's draft is intact, the first's version is live.
    kept = second.get(f"/api/v1/authoring/drafts/{theirs['id']}").json()
    assert kept["fields"]["title"] == "Theirs"
    assert second.get("/api/v1/exercises/double-it").json()["title"] == "Mine"


def test_learners_and_visitors_cannot_author(client: TestClient) -> None:
    learner = Learner(client)
    assert learner.get("/api/v1/authoring/drafts").status_code == 403
    assert learner.post("/api/v1/authoring/drafts", json=fields()).status_code == 403
    assert client.get("/api/v1/authoring/drafts").status_code == 401
    author, other = make_author(client), make_author(client)
    draft = new_draft(author)
    assert other.get(f"/api/v1/authoring/drafts/{draft}").status_code == 404


def test_a_shipped_slug_cannot_be_taken(client: TestClient) -> None:
    author = make_author(client)
    draft = new_draft(author, slug="parse-port")
    checked = author.post(f"/api/v1/authoring/drafts/{draft}/check").json()
    assert [p["field"] for p in checked["problems"]] == ["slug"]
    assert "already used" in checked["problems"][0]["message"]


def test_published_exercises_reach_another_web_process(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two processes on one database: the other one's catalog has the new version at once
    (a slug it does not know asks the database), and grades it; its poll does the rest."""
    from pyroad.app import create_app
    from pyroad.authoring import live

    monkeypatch.setattr(live, "POLL_S", 3600.0)  # no poll: only the read-through can find it
    platform = client.app.state.platform  # type: ignore[attr-defined]
    other_settings = platform.settings.model_copy(update={"data_dir": tmp_path / "other"})
    with TestClient(create_app(other_settings, sandbox=platform.shared_sandbox)) as other:
        author = make_author(client)
        draft = new_draft(author)
        assert other.get("/api/v1/exercises/double-it").status_code == 404
        time.sleep(live.MISS_CHECK_S)
        assert author.post(f"/api/v1/authoring/drafts/{draft}/publish").status_code == 200
        learner = Learner(other)
        assert learner.get("/api/v1/exercises/double-it").status_code == 200
        assert learner.wait(learner.submit("double-it", SOLUTION))["verdict"] == "passed"
        assert learner.wait(learner.submit("double-it", WRONG_ADD))["verdict"] == "failed"
        other_platform = other.app.state.platform  # type: ignore[attr-defined]
        assert other_platform.catalog.versions == {"double-it": 1}


def test_authoring_pages_are_for_authors(client: TestClient) -> None:
    html = {"Accept": "text/html"}
    visitor = client.get("/author", headers=html, follow_redirects=False)
    assert visitor.status_code == 303 and visitor.headers["location"].startswith("/login")
    learner = Learner(client)
    assert client.get("/author", headers={**html, **learner.headers}).status_code == 403
    author, other = make_author(client), make_author(client)
    draft = new_draft(author)
    desk = client.get("/author", headers={**html, **author.headers})
    assert desk.status_code == 200 and f"/author/drafts/{draft}" in desk.text
    page = client.get(f"/author/drafts/{draft}", headers={**html, **author.headers})
    assert page.status_code == 200 and "double-it" in page.text
    assert (
        client.get(f"/author/drafts/{draft}", headers={**html, **other.headers}).status_code == 404
    )


def test_a_failed_commit_publishes_nothing(client: TestClient) -> None:
    """The version row and the git commit go together: git failing leaves neither."""
    author = make_author(client)
    draft = new_draft(author)
    platform = client.app.state.platform  # type: ignore[attr-defined]
    repo = platform.settings.data_dir / "authored"
    repo.parent.mkdir(parents=True, exist_ok=True)
    repo.write_text("not a folder")  # git cannot work here
    refused = author.post(f"/api/v1/authoring/drafts/{draft}/publish")
    assert refused.status_code == 409
    assert "nothing was published" in refused.json()["detail"]
    assert author.get("/api/v1/authoring/exercises").json() == []
    assert author.get("/api/v1/exercises/double-it").status_code == 404
    assert author.get(f"/api/v1/authoring/drafts/{draft}").json()["fields"]["slug"] == "double-it"


def test_the_preview_is_sanitised(client: TestClient) -> None:
    author = make_author(client)
    shown = author.post(
        "/api/v1/authoring/preview",
        json={"markdown": "# Hi\n\n<script>alert(1)</script><img src=x onerror=alert(1)>"},
    ).json()["html"]
    assert "<h1" in shown and "<script" not in shown and "onerror" not in shown


def test_the_version_a_submission_recorded_can_be_graded_after_a_newer_one(
    client: TestClient,
) -> None:
    """exercise_at gives the grader the recorded version, not the newest."""
    from pyroad.authoring.live import exercise_at

    author = make_author(client)
    draft = new_draft(author)
    assert author.post(f"/api/v1/authoring/drafts/{draft}/publish").status_code == 200
    author.client.put(
        f"/api/v1/authoring/drafts/{draft}",
        headers=author.headers,
        json=fields(title="Double it, again"),
    )
    assert author.post(f"/api/v1/authoring/drafts/{draft}/publish").json()["version"] == 2
    platform = client.app.state.platform  # type: ignore[attr-defined]
    first, now = exercise_at(platform, "double-it", 1), exercise_at(platform, "double-it", 2)
    assert first is not None and first.title == "Double it"
    assert now is not None and now.title == "Double it, again"
    assert exercise_at(platform, "double-it", None) is now
    assert exercise_at(platform, "parse-port", None) is platform.catalog.exercise("parse-port")

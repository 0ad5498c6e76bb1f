"""On SQLite, PostgreSQL and MariaDB: two authors publishing the same exercise at the same
moment (both past the version check, both through the gate): one wins, the other is told,
nothing is lost; and a submission records the version it was graded against."""

from __future__ import annotations

import threading
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from pyroad.authoring.models import ExerciseVersion
from pyroad.submissions.models import Submission
from tests.authoring_samples import SOLUTION, fields, make_author
from tests.conftest import Learner


def test_simultaneous_publishes_one_wins_the_other_is_told(client: TestClient) -> None:
    first, second = make_author(client), make_author(client)
    drafts = []
    for who, title in ((first, "First"), (second, "Second")):
        made = who.post("/api/v1/authoring/drafts", json=fields(title=title))
        assert made.status_code == 201, made.text
        drafts.append((who, made.json()["id"]))
    answers: list[Any] = [None, None]
    start = threading.Barrier(2)

    def publish(index: int) -> None:
        who, draft = drafts[index]
        start.wait()
        answers[index] = who.post(f"/api/v1/authoring/drafts/{draft}/publish")

    threads = [threading.Thread(target=publish, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200, 409], [a.text for a in answers]
    loser = next(i for i, a in enumerate(answers) if a.status_code == 409)
    assert "your draft is kept" in answers[loser].json()["detail"]
    who, draft = drafts[loser]
    assert who.get(f"/api/v1/authoring/drafts/{draft}").json()["fields"]["title"] == (
        "First" if loser == 0 else "Second"
    )
    platform = client.app.state.platform  # type: ignore[attr-defined]
    with platform.sessions() as session:
        rows = session.scalars(select(ExerciseVersion)).all()
        assert [(row.slug, row.version) for row in rows] == [("double-it", 1)]

    learner = Learner(client)
    graded = learner.wait(learner.submit("double-it", SOLUTION))
    assert graded["verdict"] == "passed"
    with platform.sessions() as session:
        submission = session.get(Submission, graded["id"])
        assert submission is not None and submission.exercise_version == 1

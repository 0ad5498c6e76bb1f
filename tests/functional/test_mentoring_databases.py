"""The mentoring queries on SQLite, PostgreSQL and MariaDB: the grouped "latest submission per
learner" query, the unread count's index, the queue's join and the CHECKed help status."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.functional.mentoring_world import SLUG, make_school, store

LOOP = "total = 0\nfor n in range(3):\n    total += n\nprint(total)\n"
RENAMED = "acc = 5\nfor i in range(9):\n    acc += i\nprint(acc)\n"


def test_comments_groups_queue_and_similarity_on_every_backend(client: TestClient) -> None:
    school = make_school(client)
    store(client, school.ada, "print(1)\n")
    ada = store(client, school.ada, LOOP)
    bob = store(client, school.bob, RENAMED)
    store(client, school.carol, LOOP)  # another cohort

    base = f"/api/v1/cohorts/{school.cohort}/exercises/{SLUG}"
    groups = school.teacher.get(f"{base}/groups").json()
    assert [sorted(m["submission_id"] for m in g["members"]) for g in groups] == [[ada, bob]]
    sent = school.teacher.post(
        f"{base}/groups/{groups[0]['shape']}/comments", json={"body": "Try `sum(range(n))` 🐍"}
    )
    assert sent.status_code == 201 and sent.json()["sent"] == 2
    line = school.mentor.post(
        f"/api/v1/submissions/{ada}/comments", json={"line": 3, "body": "<b>ok</b> — ünïcode"}
    )
    assert line.status_code == 201
    assert school.ada.get("/api/v1/feedback/unread").json() == {"unread": 2}
    assert school.ada.post(f"/api/v1/submissions/{ada}/comments/read").json() == {"marked": 2}
    assert school.ada.get("/api/v1/feedback/unread").json() == {"unread": 0}
    assert school.bob.get("/api/v1/feedback/unread").json() == {"unread": 1}

    asked = school.bob.post(f"/api/v1/exercises/{SLUG}/help", json={"message": "why 5?"})
    assert asked.status_code == 201
    queue = school.mentor.get(f"/api/v1/cohorts/{school.cohort}/help").json()
    assert [(q["learner_id"], q["latest_submission_id"]) for q in queue] == [
        (queue[0]["learner_id"], bob)
    ]
    resolved = school.mentor.post(
        f"/api/v1/cohorts/{school.cohort}/help/{asked.json()['id']}/resolve"
    )
    assert resolved.json()["status"] == "resolved"

    report = school.teacher.get(f"{base}/similarity").json()
    assert report["compared"] == 2

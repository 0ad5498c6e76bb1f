"""The tutor's table on every backend (SQLite, PostgreSQL, MariaDB): a question with its
answer and facts stored and read back by its asker only; emoji and a long answer round-trip."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import Learner


def test_questions_round_trip_and_stay_private_on_every_backend(
    client: TestClient, learner: Learner
) -> None:
    question = "Warum schlägt das fehl? 🐍 " + "é" * 1900
    asked = learner.post(
        "/api/v1/tutor/questions", json={"question": question, "exercise": "parse-port"}
    )
    assert asked.status_code == 201, asked.text
    body = asked.json()
    assert body["question"] == question.strip() and body["sections"]
    again = learner.post("/api/v1/tutor/questions", json={"question": "what is a dict?"})
    assert again.status_code == 201

    listed = learner.get("/api/v1/tutor/questions").json()
    assert [q["id"] for q in listed] == [again.json()["id"], body["id"]]  # newest first
    assert learner.get("/api/v1/tutor/questions?exercise=parse-port").json()[0] == body
    assert learner.get(f"/api/v1/tutor/questions/{body['id']}").json() == body
    other = Learner(client)
    assert other.get(f"/api/v1/tutor/questions/{body['id']}").status_code == 404
    assert other.get("/api/v1/tutor/questions").json() == []

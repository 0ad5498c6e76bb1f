"""The guided path and the open door, through the pages and the API (issue 15).

A new learner follows only Start and Continue: lesson 1, the next lessons, then the exercise
that practises them, then on. A visitor without an account reads the roadmap, lessons and
exercise statements; anything that writes or runs still asks for an account.
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import inspect

from pyroad.curriculum.loader import load_catalog
from pyroad.db import make_engine
from pyroad.learning.path import CoursePath
from pyroad.migrate import upgrade
from tests.conftest import CURRICULUM, Learner

CATALOG, _ = load_catalog(CURRICULUM)
PATH = CoursePath.of(CATALOG)
FIRST_EXERCISE = next(i for i, item in enumerate(PATH.items) if item.kind == "exercise")
LESSON = CATALOG.steps[0].lessons[0]
EXERCISE = CATALOG.require_exercise("parse-request-line")


def browser(client: TestClient, learner: Learner) -> TestClient:
    """The same client signed in with a browser session cookie (the pages' way)."""
    response = client.post(
        "/login",
        data={"email": learner.email, "password": learner.password},
        follow_redirects=False,
    )
    assert response.status_code == 303
    return client


def goes_to(client: TestClient, path: str) -> str:
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def test_start_and_continue_follow_lessons_then_their_exercises(
    client: TestClient, learner: Learner
) -> None:
    page = browser(client, learner)
    assert goes_to(page, "/start") == f"/lessons/{LESSON.slug}"
    # Each lesson opened is read; Continue then leads to the next item of the path.
    for item in PATH.items[:FIRST_EXERCISE]:
        assert goes_to(page, "/continue") == item.url
        assert page.get(item.url).status_code == 200
    exercise = PATH.items[FIRST_EXERCISE]
    assert goes_to(page, "/continue") == exercise.url
    assert goes_to(page, "/start") == exercise.url  # Start is Continue for a learner

    roadmap = learner.get("/api/v1/roadmap").json()
    lesson = PATH.items[FIRST_EXERCISE - 1]
    assert roadmap["next"] == {
        "kind": "exercise",
        "slug": exercise.slug,
        "title": exercise.title,
        "step": 1,
        "url": exercise.url,
        "because": f"It practises what '{lesson.title}' just taught.",
    }
    assert roadmap["next_exercise"]["slug"] == exercise.slug  # kept for older clients
    html = page.get("/roadmap").text
    assert f'id="continue" href="{exercise.url}"' in html
    assert "It practises what" in html and "just taught." in html  # the because line, escaped
    step1 = roadmap["steps"][0]["path"]
    assert [stop["state"] for stop in step1[:FIRST_EXERCISE]] == ["read"] * FIRST_EXERCISE

    # Solving it moves Continue on, to whatever the path says comes next, with its reason.
    assert exercise.exercise is not None
    solved = learner.wait(learner.submit(exercise.slug, exercise.exercise.solution))
    assert solved["verdict"] == "passed", solved
    following = PATH.items[FIRST_EXERCISE + 1]
    assert goes_to(page, "/continue") == following.url
    after = learner.get("/api/v1/roadmap").json()["next"]
    assert after["slug"] == following.slug and after["because"]
    # The verdict itself says where to go: the same item as Continue (a lesson here).
    assert following.kind == "lesson"
    assert solved["next"] == after
    assert solved["next_exercise"]  # kept for older clients (it skips lessons)


def test_a_pass_on_an_exercise_whose_lessons_were_skipped_sends_back_to_them(
    learner: Learner,
) -> None:
    # Jumping straight to an exercise and solving it: the verdict's next is Continue, the
    # first lesson not read, not the exercise that follows it (its lessons are unread).
    index = next(
        i
        for i, item in enumerate(PATH.items)
        if item.kind == "exercise" and PATH.items[i + 1].kind == "exercise"
    )
    jumped, following = PATH.items[index], PATH.items[index + 1]
    assert jumped.exercise is not None and following.exercise is not None
    solved = learner.wait(learner.submit(jumped.slug, jumped.exercise.solution))
    assert solved["verdict"] == "passed", solved
    assert solved["next"] == learner.get("/api/v1/roadmap").json()["next"]
    assert solved["next"]["kind"] == "lesson"
    assert solved["next"]["url"] == f"/lessons/{LESSON.slug}"
    assert solved["next"]["because"].startswith("Start here: ")
    assert solved["next_exercise"] == following.slug
    failed = learner.wait(learner.submit(following.slug, "print('not yet')\n"))
    assert failed["verdict"] != "passed" and failed["next"] is None


def test_the_verdict_and_continue_agree_after_solving_the_first_exercise_unread(
    client: TestClient, learner: Learner
) -> None:
    # A new user's report: lesson 1 read, then the first exercise solved without its lessons.
    # The verdict said "Read next" lesson 4 while Continue said lesson 2 "because the later
    # exercise" (the one just solved) "builds on it"; Next then went 4 → 3 → back on.
    first = PATH.items[FIRST_EXERCISE]
    assert first.exercise is not None
    assert learner.get(f"/api/v1/lessons/{LESSON.slug}").status_code == 200
    solved = learner.wait(learner.submit(first.slug, first.exercise.solution))
    assert solved["verdict"] == "passed", solved
    roadmap = learner.get("/api/v1/roadmap").json()["next"]
    recommended = learner.get("/api/v1/recommendation").json()["next"]
    assert solved["next"] == roadmap == {k: recommended[k] for k in roadmap}
    assert solved["next"]["slug"] == first.exercise.lessons[0]
    assert f"'{first.title}'" not in solved["next"]["because"], solved["next"]["because"]
    # Next from page to page reads the skipped lessons in order, then goes on.
    page = browser(client, learner)
    url, walked = first.url, []
    for _ in range(len(first.exercise.lessons) + 2):
        html = page.get(url).text  # opening a lesson reads it
        found = re.search(r'data-next-url="([^"]+)"', html) or re.search(
            r'<strong>Next:</strong> <a class="button small" href="([^"]+)"', html
        )
        assert found is not None, url
        url = found.group(1)
        walked.append(url.rsplit("/", 1)[1])
        if url.startswith("/exercises/"):
            break
    assert walked[0] == solved["next"]["slug"]
    indexes = [PATH._index(slug) or 0 for slug in walked]
    assert indexes == sorted(indexes), walked
    assert set(first.exercise.lessons) <= set(walked)


def test_lesson_and_exercise_pages_get_the_next_item(client: TestClient, learner: Learner) -> None:
    page = browser(client, learner)
    lesson = PATH.items[FIRST_EXERCISE - 1]
    html = page.get(lesson.url).text
    exercise = PATH.items[FIRST_EXERCISE]
    assert exercise.url in html  # lesson.html shows next_item (UI renders it)


def test_an_exercise_lists_the_lessons_its_learner_has_not_read(
    client: TestClient, learner: Learner
) -> None:
    page = browser(client, learner)
    needs = [CATALOG.require_lesson(slug) for slug in EXERCISE.lessons]
    html = page.get(f"/exercises/{EXERCISE.slug}").text
    assert 'id="unread-lessons"' in html
    for lesson in needs:
        assert f'href="/lessons/{lesson.slug}"' in html
    for lesson in needs:
        page.get(f"/lessons/{lesson.slug}")
    assert 'id="unread-lessons"' not in page.get(f"/exercises/{EXERCISE.slug}").text


def test_reading_through_the_api_counts_too(learner: Learner) -> None:
    assert learner.get(f"/api/v1/lessons/{LESSON.slug}").status_code == 200
    assert learner.get(f"/api/v1/lessons/{LESSON.slug}").status_code == 200  # twice is fine
    step1 = learner.get("/api/v1/roadmap").json()["steps"][0]["path"]
    assert {k: step1[0][k] for k in ("kind", "slug", "title", "url", "state")} == {
        "kind": "lesson",
        "slug": LESSON.slug,
        "title": LESSON.title,
        "url": f"/lessons/{LESSON.slug}",
        "state": "read",
    }
    assert step1[1]["state"] == "new"
    exercise = next(stop for stop in step1 if stop["kind"] == "exercise")
    shipped = CATALOG.require_exercise(exercise["slug"])
    assert (exercise["difficulty"], exercise["minutes"]) == (shipped.difficulty, shipped.minutes)


def test_a_visitor_reads_everything_without_an_account(client: TestClient) -> None:
    assert goes_to(client, "/start") == f"/lessons/{LESSON.slug}"
    home = client.get("/")
    assert home.status_code == 200
    assert 'href="/start"' in home.text and "/signup" in home.text
    for step in CATALOG.steps:
        assert step.title in home.text

    roadmap = client.get("/roadmap")
    assert roadmap.status_code == 200 and "Log out" not in roadmap.text
    assert f'id="continue" href="/lessons/{LESSON.slug}"' in roadmap.text
    assert "Start here: " in roadmap.text

    lesson = client.get(f"/lessons/{LESSON.slug}")
    assert lesson.status_code == 200 and LESSON.title in lesson.text

    exercise = client.get(f"/exercises/{EXERCISE.slug}")
    assert exercise.status_code == 200 and EXERCISE.title in exercise.text
    assert 'id="submit"' not in exercise.text and 'id="hint-button"' not in exercise.text
    assert re.search(r'href="/(signup|login)\?next=', exercise.text)

    # The dashboard is a learner's own: still signed-in only.
    assert goes_to(client, "/dashboard").startswith("/login?next=/dashboard")


def test_the_api_reads_without_an_account_and_writes_with_one(client: TestClient) -> None:
    roadmap = client.get("/api/v1/roadmap")
    assert roadmap.status_code == 200
    body = roadmap.json()
    assert body["next"]["url"] == f"/lessons/{LESSON.slug}"
    assert body["next"]["because"].startswith("Start here: ")
    states = {e["state"] for step in body["steps"] for e in step["exercises"]}
    assert states == {"new"}
    for step in body["steps"]:  # exercises listed in the order the path walks them
        walked = [stop["slug"] for stop in step["path"] if stop["kind"] == "exercise"]
        assert [e["slug"] for e in step["exercises"]] == walked
    assert client.get(f"/api/v1/lessons/{LESSON.slug}").status_code == 200
    exercise = client.get(f"/api/v1/exercises/{EXERCISE.slug}").json()
    assert exercise["state"] == "new" and exercise["draft"] is None and exercise["hints"] == []
    assert exercise["starter"] == EXERCISE.starter

    slug = EXERCISE.slug
    writes = [
        ("put", f"/api/v1/exercises/{slug}/draft", {"code": "x = 1"}),
        ("post", f"/api/v1/exercises/{slug}/hints", None),
        ("post", f"/api/v1/exercises/{slug}/submissions", {"code": "x = 1"}),
        ("get", f"/api/v1/exercises/{slug}/draft", None),
        ("get", "/api/v1/submissions", None),
        ("post", "/api/v1/run", {"code": "print(1)"}),
    ]
    for method, path, body_json in writes:
        response = client.request(method, path, json=body_json)
        assert response.status_code == 401, (method, path, response.status_code)


def test_a_token_that_is_sent_must_be_valid(client: TestClient) -> None:
    response = client.get("/api/v1/roadmap", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


def test_migrations_on_a_fresh_database_make_the_lesson_reads_table(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    upgrade(engine)
    found = inspect(engine)
    assert {c["name"] for c in found.get_columns("lesson_reads")} == {
        "user_id",
        "lesson_slug",
        "read_at",
    }
    assert found.get_pk_constraint("lesson_reads")["constrained_columns"] == [
        "user_id",
        "lesson_slug",
    ]
    [key] = found.get_foreign_keys("lesson_reads")
    assert key["referred_table"] == "users" and key["options"].get("ondelete") == "CASCADE"
    engine.dispose()

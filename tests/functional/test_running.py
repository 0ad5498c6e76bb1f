"""Run before Submit through the API: real sandbox, no verdict, no submission, rate-limited."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from pyroad.app import create_app
from pyroad.curriculum.loader import load_catalog
from pyroad.grading.sandbox import Sandbox
from pyroad.submissions.models import Submission
from tests.conftest import CURRICULUM, Learner, make_settings

CATALOG, _ = load_catalog(CURRICULUM)
FLASK = CATALOG.exercise("flask-notes-api")
FASTAPI = CATALOG.exercise("fastapi-room-bookings")
NOT_WEB = CATALOG.exercise("parse-request-line")
GIT = CATALOG.exercise("first-commit")
assert FLASK and FASTAPI and NOT_WEB and GIT


def run(learner: Learner, code: str, **extra: object) -> dict[str, object]:
    response = learner.post("/api/v1/run", json={"code": code, **extra})
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    assert set(body) == {
        "status",
        "stdout",
        "traceback",
        "explanation",
        "duration_ms",
        "reads_input",
    }
    return body


def submissions_stored(client: TestClient) -> int:
    with client.app.state.platform.sessions() as session:  # type: ignore[attr-defined]
        return int(session.scalar(select(func.count()).select_from(Submission)) or 0)


def test_a_run_reads_stdin_and_prints_stdout_and_stderr_in_order(
    client: TestClient, learner: Learner
) -> None:
    stored_before = submissions_stored(client)  # the session's database is shared by tests
    code = (
        "import sys\n"
        "name = input('Name? ')\n"
        "print('Hello,', name)\n"
        "print('careful', file=sys.stderr)\n"
        "print(int(input()) * 2)\n"
    )
    body = run(learner, code, stdin="Ada\n21\n")
    assert body["status"] == "ok"
    assert body["stdout"] == "Name? Hello, Ada\ncareful\n42\n"
    assert body["traceback"] == "" and body["explanation"] == ""
    # A run is a real script: __name__ is "__main__".
    assert run(learner, "print(__name__)")["stdout"] == "__main__\n"
    assert submissions_stored(client) == stored_before  # never stored as a submission


def test_an_error_shows_output_so_far_a_trimmed_traceback_and_an_explanation(
    learner: Learner,
) -> None:
    body = run(learner, "print('before')\ntotals = {}\nprint(totals['x'])\n")
    assert body["status"] == "error"
    assert body["stdout"] == "before\n"
    assert body["traceback"].startswith("Traceback (most recent call last):")
    # The learner never made a solution.py: the traceback says it is their code.
    assert 'File "your code", line 3' in body["traceback"]
    assert "solution.py" not in body["traceback"]
    assert "harness" not in body["traceback"] and "pyroad" not in body["traceback"]
    assert body["traceback"].rstrip().endswith("KeyError: 'x'")
    assert "dictionary" in body["explanation"]
    syntax = run(learner, "def f(:\n    pass\n")
    assert syntax["status"] == "error" and "SyntaxError" in syntax["traceback"]
    assert "colon" in syntax["explanation"]
    # input() with nothing typed: EOFError, explained.
    eof = run(learner, "input()\n")
    assert eof["status"] == "error" and "EOFError" in eof["traceback"]
    assert "one line for each `input()` call" in eof["explanation"]
    # The grader's tailored explanations apply to runs too: a misspelt name is named.
    typo = run(learner, "total = 3\nprint(totl)\n")
    assert "NameError" in typo["traceback"] and "`total`" in typo["explanation"], typo


def test_a_file_that_only_defines_a_function_is_told_how_to_try_it(learner: Learner) -> None:
    code = (
        "def format_order_line(item, quantity, unit_price):\n"
        "    return f'{quantity} x {item} @ {unit_price:.2f} = {quantity * unit_price:.2f}'\n"
    )
    body = run(learner, code, exercise="format-order-line")
    assert body["status"] == "ok" and body["stdout"] == ""
    assert body["reads_input"] is False
    explanation = str(body["explanation"])
    assert explanation.startswith(
        "Your file ran and defined `format_order_line`, but nothing called it"
    )
    assert '`print(format_order_line("coffee", 3, 2.5))`' in explanation  # the statement's
    assert "`return` (not `print`)" in explanation
    tried = run(learner, code + 'print(format_order_line("coffee", 3, 2.5))\n')
    assert tried["stdout"] == "3 x coffee @ 2.50 = 7.50\n" and tried["explanation"] == ""
    # A lesson's line that reads input and prints nothing: what happened, and what to add.
    kept = run(learner, "username = input().strip()\n", stdin="ada\n")
    assert kept["status"] == "ok" and "Add `print(username)`" in str(kept["explanation"])
    # A program that reads input says so (the page shows its input box only then).
    assert run(learner, "name = input()\nprint(name)\n", stdin="Ada\n")["reads_input"] is True


def test_an_exercise_says_whether_its_program_reads_input(learner: Learner) -> None:
    def stdin(slug: str) -> bool:
        response = learner.get(f"/api/v1/exercises/{slug}")
        assert response.status_code == 200
        return bool(response.json()["stdin"])

    assert stdin("server-banner") is True  # a program typed its name and port
    assert stdin("format-order-line") is False  # a function: nothing to type
    assert stdin("first-commit") is False  # git commands


def test_hostile_runs_stop_at_the_limits(learner: Learner) -> None:
    endless = run(learner, "print('start')\nwhile True:\n    pass\n", exercise=NOT_WEB.slug)
    assert endless["status"] == "timeout"
    assert f"{NOT_WEB.limits.time_s:g} seconds" in endless["explanation"]
    assert endless["stdout"] == "start\n"  # what it printed before it was stopped
    assert "running line 2" in endless["explanation"]
    # One limit, said once: the traceback's line names no second, earlier figure.
    assert "still running at the time limit" in endless["traceback"], endless["traceback"]
    stubborn = """
while True:
    try:
        while True:
            pass
    except:
        pass
"""
    swallowed = run(learner, stubborn, exercise=NOT_WEB.slug)  # the sandbox's own kill
    assert swallowed["status"] == "timeout" and swallowed["explanation"]
    huge = run(learner, "data = ' ' * (4 * 1024**3)\nprint(len(data))\n")
    assert huge["status"] == "memory" and "MB" in huge["explanation"]
    grower = run(learner, "blocks = []\nwhile True:\n    blocks.append(bytearray(10**7))\n")
    assert grower["status"] == "memory"
    chatty = run(learner, "while True:\n    print('a' * 1000)\n", exercise=NOT_WEB.slug)
    assert chatty["status"] == "output-limit"  # at the limit, not at the time limit


def test_a_run_cannot_read_the_servers_data_or_reach_the_network(
    client: TestClient, learner: Learner
) -> None:
    secret = "SECRET-" + secrets.token_hex(6)
    other = Learner(client)
    other.submit(NOT_WEB.slug, f"# {secret}\n" + NOT_WEB.solution)
    settings = client.app.state.platform.settings  # type: ignore[attr-defined]
    database = Path(settings.sqlalchemy_url.removeprefix("sqlite:///"))
    code = f"""
import socket
for path in [{str(database)!r}, {str(settings.data_dir / "secret_key")!r}]:
    try:
        print(open(path, 'rb').read()[:100000])
    except OSError as error:
        print('no file:', type(error).__name__)
try:
    socket.create_connection(('1.1.1.1', 80), timeout=2)
    print('network: open')
except OSError as error:
    print('no network:', type(error).__name__)
"""
    body = run(learner, code)
    assert body["status"] == "ok", body
    assert body["stdout"].count("no file:") == 2
    assert "no network:" in body["stdout"]
    assert secret not in body["stdout"] and settings.resolved_secret_key() not in body["stdout"]


def test_a_git_run_shows_the_transcript_on_a_fresh_start_repository(learner: Learner) -> None:
    script = 'echo "hello" > notes.txt && ls\ngit add notes.txt\ngit status --short\n'
    body = run(learner, script, exercise=GIT.slug)
    assert body["status"] == "ok", body
    assert "$ git status --short" in body["stdout"] and "A  notes.txt" in body["stdout"], body
    again = run(learner, "git status --short\n", exercise=GIT.slug)
    assert "notes.txt" not in again["stdout"]  # each run starts from a fresh repository
    unquoted = run(learner, "git add notes.txt\ngit commit -m first notes\n", exercise=GIT.slug)
    assert unquoted["status"] == "error" and unquoted["explanation"], unquoted
    # What went wrong is said in words, not as a Python class name.
    said = unquoted["traceback"]  # the fresh repository has no notes.txt: line 1 fails
    assert said.startswith("Line 1: `git add notes.txt` failed (exit 128). git said:\n"), said
    assert "Error" not in said


def test_runs_need_an_account_and_a_known_exercise(client: TestClient, learner: Learner) -> None:
    anonymous = client.post("/api/v1/run", json={"code": "print(1)"})
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"] == "application/problem+json"
    typo = learner.post("/api/v1/run", json={"code": "print(1)", "exercise": "parse-request-lin"})
    assert typo.status_code == 404
    assert "did you mean `parse-request-line`," in typo.json()["detail"]


@pytest.fixture
def limited(tmp_path: Path, sandbox: Sandbox) -> Iterator[TestClient]:
    settings = make_settings(tmp_path, runs_per_minute=3, submissions_per_minute=2)
    with TestClient(create_app(settings, sandbox=sandbox)) as test_client:
        yield test_client


def test_runs_and_submissions_are_rate_limited_per_learner(limited: TestClient) -> None:
    learner, other = Learner(limited), Learner(limited)
    for _ in range(3):
        run(learner, "print(1)")
    refused = learner.post("/api/v1/run", json={"code": "print(1)"})
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    wait = int(refused.headers["retry-after"])
    assert 1 <= wait <= 60
    assert f"try again in {wait} second" in refused.json()["detail"]
    run(other, "print(1)")  # per learner: the other one is not affected
    for _ in range(2):
        learner.submit(NOT_WEB.slug, NOT_WEB.solution)
    too_many = learner.post(
        f"/api/v1/exercises/{NOT_WEB.slug}/submissions", json={"code": NOT_WEB.solution}
    )
    assert too_many.status_code == 429 and "retry-after" in too_many.headers
    assert "submissions" in too_many.json()["detail"]
    # Runs never counted as attempts: the two submissions are attempts 1 and 2.
    listed = learner.get(f"/api/v1/submissions?exercise={NOT_WEB.slug}").json()
    assert [s["attempt"] for s in listed] == [2, 1]


def test_attempt_numbers_count_this_learners_submissions_on_this_exercise(
    client: TestClient,
) -> None:
    first, second = Learner(client), Learner(client)
    for _ in range(3):  # site-wide ids move on before the second learner starts
        first.submit(NOT_WEB.slug, "x = 1\n")
    other_exercise = second.submit(FLASK.slug, "x = 1\n")
    one = second.submit(NOT_WEB.slug, "x = 1\n")
    two = second.submit(NOT_WEB.slug, "x = 2\n")
    assert one > 3
    assert second.wait(one)["attempt"] == 1
    assert second.wait(two)["attempt"] == 2
    assert second.wait(other_exercise)["attempt"] == 1
    listed = second.get("/api/v1/submissions").json()
    assert [(s["id"], s["attempt"]) for s in listed] == [(two, 2), (one, 1), (other_exercise, 1)]


def console(learner: Learner, slug: str, code: str, **request: object) -> dict[str, object]:
    response = learner.post(f"/api/v1/exercises/{slug}/request", json={"code": code, **request})
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    assert set(body) == {
        "status",
        "response",
        "stdout",
        "traceback",
        "explanation",
        "duration_ms",
        "reads_input",
    }
    return body


def test_request_console_on_a_flask_app(learner: Learner) -> None:
    assert learner.get(f"/api/v1/exercises/{FLASK.slug}").json()["console"] is True
    created = console(
        learner,
        FLASK.slug,
        FLASK.solution,
        method="POST",
        path="/notes",
        body='{"text": "buy milk", "tags": ["home"]}',
    )
    assert created["status"] == "ok", created
    response = created["response"]
    assert isinstance(response, dict)
    assert response["status"] == 201
    assert response["headers"]["Content-Type"].startswith("application/json")
    assert '"buy milk"' in response["body"]
    listed = console(learner, FLASK.slug, FLASK.solution, path="/notes?tag=home")
    assert listed["response"]["status"] == 200  # type: ignore[index]
    assert listed["response"]["body"].strip() == "[]"  # type: ignore[index] # a fresh app per request
    missing = console(learner, FLASK.slug, FLASK.solution, path="/notes/99")
    assert missing["response"]["status"] == 404  # type: ignore[index]


def test_request_console_on_a_fastapi_app(learner: Learner) -> None:
    assert learner.get(f"/api/v1/exercises/{FASTAPI.slug}").json()["console"] is True
    booking = {"day": "2026-03-02", "start_hour": 9, "end_hour": 10, "title": "standup"}
    import json

    created = console(
        learner,
        FASTAPI.slug,
        FASTAPI.solution,
        method="POST",
        path="/rooms/atlas/bookings",
        body=json.dumps(booking),
    )
    assert created["status"] == "ok", created
    assert created["response"]["status"] == 201, created  # type: ignore[index]
    assert created["response"]["headers"]["content-type"] == "application/json"  # type: ignore[index]
    assert json.loads(created["response"]["body"])["title"] == "standup"  # type: ignore[index]
    missing = console(learner, FASTAPI.slug, FASTAPI.solution, path="/nowhere")
    assert missing["response"]["status"] == 404  # type: ignore[index]
    broken = FASTAPI.solution + "\n@app.get('/boom')\ndef boom():\n    return 1 / 0\n"
    crash = console(learner, FASTAPI.slug, broken, path="/boom")
    assert crash["status"] == "error"
    assert crash["response"]["status"] == 500  # type: ignore[index]
    assert "ZeroDivisionError" in crash["traceback"] and "in boom" in crash["traceback"]
    no_app = console(learner, FASTAPI.slug, "x = 1\n", path="/")
    assert no_app["status"] == "error" and no_app["response"] is None
    assert "`app`" in no_app["explanation"]


def test_request_console_refuses_an_exercise_that_is_not_a_web_app(learner: Learner) -> None:
    assert learner.get(f"/api/v1/exercises/{NOT_WEB.slug}").json()["console"] is False
    response = learner.post(
        f"/api/v1/exercises/{NOT_WEB.slug}/request", json={"code": NOT_WEB.solution}
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert "no request console" in response.json()["detail"]
    for headers in ({"Bad Header": "x"}, {"X-Split": "a\r\nInjected: yes"}):
        refused = learner.post(
            f"/api/v1/exercises/{FLASK.slug}/request",
            json={"code": FLASK.solution, "headers": headers},
        )
        assert refused.status_code == 422, refused.text
    relative = learner.post(
        f"/api/v1/exercises/{FLASK.slug}/request", json={"code": "", "path": "notes"}
    )
    assert relative.status_code == 422


def test_runs_start_their_own_sandbox_when_this_process_does_not_grade(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, embedded_worker=False, workers=1)
    with TestClient(create_app(settings)) as client:
        platform = client.app.state.platform  # type: ignore[attr-defined]
        assert platform.grader is None
        body = run(Learner(client), "print(sum(range(5)))\n")
        assert body == {**body, "status": "ok", "stdout": "10\n"}
        assert platform.runner.has_own_sandbox  # started on the first run
    assert not platform.runner.has_own_sandbox  # and closed with the platform

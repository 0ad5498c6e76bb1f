"""The learner CLI against a real server: sign up, roadmap, start, run, submit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pyroad.cli.learner import show_result
from pyroad.cli.main import app
from pyroad.config import get_settings
from pyroad.curriculum.loader import load_catalog
from pyroad.learning.path import CoursePath, Progress
from tests.conftest import CURRICULUM
from tests.server import Server

CATALOG, _ = load_catalog(CURRICULUM)
SOLUTION = CURRICULUM / "01-basics" / "exercises" / "parse-request-line" / "solution.py"


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    server = Server(tmp_path / "data").start()
    monkeypatch.setenv("PYROAD_CREDENTIALS_FILE", str(tmp_path / "credentials.json"))
    monkeypatch.setenv("PYROAD_SERVER_URL", server.url)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()
    server.stop()


def test_learner_cli_round_trip(cli_env: Path) -> None:
    runner = CliRunner()
    login = runner.invoke(
        app, ["login", "--create", "--email", "cli@example.com", "--password", "cli-secret"]
    )
    assert login.exit_code == 0, login.output
    assert (cli_env / "credentials.json").stat().st_mode & 0o777 == 0o600
    server = get_settings().server_url
    roadmap = runner.invoke(app, ["roadmap"])
    first = CATALOG.steps[0].lessons[0]
    # Where the web's Start leads: the first lesson, with a link a terminal can open.
    assert roadmap.exit_code == 0
    assert f"Read next: {first.title} — {server}/lessons/{first.slug}" in roadmap.output
    assert "pyroad start" not in roadmap.output
    step = runner.invoke(app, ["roadmap", "--step", "1"])
    assert step.exit_code == 0 and "parse-request-line" in step.output
    assert f"{server}/lessons/" in step.output  # links a terminal can open
    assert "(/lessons/" not in step.output
    # One list in path order: lessons and exercises interleaved, each marked.
    stops = [re.match(r"  [○✓●] (Read|Solve) +(.+)", line) for line in step.output.splitlines()]
    listed = [stop[2].split()[0] for stop in stops if stop]  # the slug `pyroad lesson` takes
    path = CoursePath.of(CATALOG).items
    assert listed == [item.slug for item in path if item.step == 1]
    lesson = next(item for item in path if item.kind == "lesson")
    assert f"{lesson.title}  {server}/lessons/{lesson.slug}" in step.output
    start = runner.invoke(app, ["start", "parse-request-line", "--dir", str(cli_env)])
    assert start.exit_code == 0, start.output
    written = cli_env / "parse_request_line.py"
    failing = runner.invoke(app, ["submit", "parse-request-line", str(written)])
    assert failing.exit_code == 1 and "FAILED" in failing.output
    assert "parse_request_line('get /health HTTP/1.1')" in failing.output  # the failing example
    assert "attempt 1 at parse-request-line" in failing.output
    assert "`" not in failing.output  # Markdown is printed as text, not raw backticks
    written.write_text(SOLUTION.read_text())
    passing = runner.invoke(app, ["submit", "parse-request-line", str(written)])
    assert passing.exit_code == 0 and "PASSED" in passing.output
    assert "attempt 2 at parse-request-line" in passing.output
    # The same next item as the web: no lesson is read yet, so a lesson the next exercise uses.
    after = CoursePath.of(CATALOG).next(Progress(), after="parse-request-line")
    assert after is not None and after.item.kind == "lesson"
    assert f"Read next: {after.item.title} — {server}{after.item.url}" in passing.output
    assert f"or in the terminal: pyroad lesson {after.item.slug}" in passing.output
    assert "pyroad start" not in passing.output.split("PASSED")[1]
    # A learner without a browser reads it in the terminal, and the path moves on.
    reading = runner.invoke(app, ["lesson", after.item.slug])
    assert reading.exit_code == 0, reading.output
    assert after.item.title in reading.output and "```" not in reading.output
    assert f"Read next: {after.item.title}" not in reading.output
    following = CoursePath.of(CATALOG).next(
        Progress(read=frozenset({after.item.slug}), solved=frozenset({"parse-request-line"})),
        after=None,
    )
    assert following is not None
    moved = runner.invoke(app, ["next"])
    assert moved.exit_code == 0 and following.item.title in moved.output, moved.output
    typo = runner.invoke(app, ["lesson", after.item.slug[:-1]])
    assert typo.exit_code == 5 and f"did you mean {after.item.slug}" in typo.output
    for hostile in ("../roadmap", "a b", "%2e%2e"):  # never a path of its own
        for command in ("lesson", "start"):
            refused = runner.invoke(app, [command, hostile])
            assert refused.exit_code == 5, refused.output
            assert "is not an exercise or lesson id" in refused.output
    unknown = runner.invoke(app, ["submit", "no-such-exercise", str(written)])
    assert unknown.exit_code == 5 and "no exercise with id 'no-such-exercise'" in unknown.output
    assert "list them: pyroad roadmap --step N" in unknown.output
    assert "GET" not in unknown.output and "/api/v1" not in unknown.output
    script = cli_env / "fc.sh"
    script.write_text("git status\n")
    shell = runner.invoke(app, ["run", str(script)])
    assert shell.exit_code == 5
    assert "fc.sh is a shell script" in shell.output and "--exercise SLUG" in shell.output
    assert "no exercise with id" not in shell.output


def test_cli_explains_missing_login_and_unreachable_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYROAD_CREDENTIALS_FILE", str(tmp_path / "none.json"))
    get_settings.cache_clear()
    runner = CliRunner()
    result = runner.invoke(app, ["roadmap", "--server", "http://127.0.0.1:9"])
    assert result.exit_code == 3
    assert "not logged in to http://127.0.0.1:9: run pyroad login" in result.output
    login = runner.invoke(
        app,
        ["login", "--email", "a@b.io", "--password", "whatever1", "--server", "http://127.0.0.1:9"],
    )
    get_settings.cache_clear()
    assert login.exit_code == 4
    assert "cannot reach http://127.0.0.1:9" in login.output


def test_cli_sign_up_asks_twice_runs_files_and_suggests_slugs(cli_env: Path) -> None:
    runner = CliRunner()
    mismatch = runner.invoke(
        app,
        ["login", "--create"],
        input="twice@example.com\n" + "first-secret\nother-secret\n" * 3,
    )
    assert mismatch.exit_code == 3
    assert mismatch.output.count("The two passwords differ; try again.") == 2
    assert "the two passwords differ; no account was created" in mismatch.output
    assert not (cli_env / "credentials.json").exists()
    # A mistyped or weak password is asked for again, not the whole sign-up.
    retried = runner.invoke(
        app,
        ["login", "--create"],
        input="retry@example.com\nfirst-secret\nother-secret\nshort\nshort\nfine-secret\n"
        "fine-secret\n",
    )
    assert retried.exit_code == 0, retried.output
    assert "The two passwords differ; try again." in retried.output
    assert "Use at least 8 characters; try again." in retried.output
    assert "Logged in to" in retried.output and "retry@example.com" in retried.output
    created = runner.invoke(
        app, ["login", "--create"], input="twice@example.com\nsame-secret\nsame-secret\n"
    )
    assert created.exit_code == 0, created.output
    assert created.output.count("assword") == 2  # asked, then asked again to repeat
    logged_in = runner.invoke(app, ["login"], input="twice@example.com\nsame-secret\n")
    assert logged_in.exit_code == 0 and logged_in.output.count("assword") == 1

    program = cli_env / "greet.py"
    program.write_text("name = input('Name? ')\nprint(f'Hello, {name}!')\n")
    ran = runner.invoke(app, ["run", str(program), "--stdin", "Ada"])
    assert ran.exit_code == 0, ran.output
    assert "Name? Hello, Ada!" in ran.output and "ran without errors" in ran.output
    typed = cli_env / "typed.txt"
    typed.write_text("Grace\n")
    from_file = runner.invoke(app, ["run", str(program), "--stdin-file", str(typed)])
    assert from_file.exit_code == 0 and "Hello, Grace!" in from_file.output
    broken = cli_env / "broken.py"
    broken.write_text("prices = {'tea': 2}\nprint(prices['coffee'])\n")
    failed = runner.invoke(app, ["run", str(broken)])
    assert failed.exit_code == 1
    assert 'File "broken.py", line 2' in failed.output and "KeyError: 'coffee'" in failed.output
    assert "solution.py" not in failed.output and "your code" not in failed.output
    assert "dictionary" in failed.output and "`" not in failed.output
    endless = cli_env / "endless.py"
    endless.write_text("while True:\n    pass\n")
    stopped = runner.invoke(app, ["run", str(endless), "--exercise", "parse-request-line"])
    assert stopped.exit_code == 1 and "ran out of time" in stopped.output

    typo = runner.invoke(app, ["start", "parse-request-lin", "--dir", str(cli_env)])
    assert typo.exit_code == 5
    assert "did you mean parse-request-line" in typo.output
    wrong_run = runner.invoke(app, ["run", str(program), "--exercise", "first-comit"])
    assert wrong_run.exit_code == 5 and "did you mean first-commit" in wrong_run.output


def test_cli_help_shows_no_type_for_flags() -> None:
    runner = CliRunner()
    for command in (["login", "--help"], ["run", "--help"], ["roadmap", "--help"]):
        shown = runner.invoke(app, command, env={"COLUMNS": "120"})
        assert shown.exit_code == 0, shown.output
        assert "<bool>" not in shown.output and "--help" in shown.output
    login = runner.invoke(app, ["login", "--help"], env={"COLUMNS": "120"}).output
    assert "--create" in login and "<str>" in login  # options taking a value keep their type


def test_a_text_difference_prints_expected_and_got_marked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    diff = {
        "expected": "Starting orders on port 8000\n",
        "got": "Starting orders  on\tport \n",
        "at": 16,
    }
    message = (
        "Your program printed a different text. On line 1, character 17: expected `o`, got a space."
    )
    test = {"name": "example", "status": "failed", "message": message, "shows": "", "diff": diff}
    show_result({"verdict": "failed", "summary": "0 of 1 tests passed.", "tests": [test]})
    out = capsys.readouterr().out
    assert (
        "      Expected:\n          Starting orders on port 8000\n                          ^\n"
        in out
    )
    assert "      Got:\n          Starting orders  on⇥port␣\n                          ^\n" in out

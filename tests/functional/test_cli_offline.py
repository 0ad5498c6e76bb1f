"""The learner CLI against real servers: download, test locally, submit, status, next; one
token per server; exit codes scripts can use."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pyroad.cli.main import app
from pyroad.config import get_settings
from pyroad.curriculum.loader import load_catalog
from pyroad.grading.grader import shown_for
from pyroad.grading.visible import expectation
from tests.conftest import CURRICULUM
from tests.server import Server

CATALOG, _ = load_catalog(CURRICULUM)
SLUG = "parse-request-line"


@pytest.fixture
def servers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, str]]:
    first = Server(tmp_path / "first").start()
    second = Server(tmp_path / "second").start()
    monkeypatch.setenv("PYROAD_CREDENTIALS_FILE", str(tmp_path / "credentials.json"))
    monkeypatch.setenv("PYROAD_SERVER_URL", "http://127.0.0.1:9")  # never the default
    monkeypatch.delenv("PYROAD_SERVER", raising=False)
    get_settings.cache_clear()
    yield first.url, second.url
    get_settings.cache_clear()
    first.stop()
    second.stop()


def test_download_test_submit_status_next(
    servers: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = servers
    runner = CliRunner()
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    login = ["login", "--create", "--email", "off@example.com", "--password", "off-secret1"]
    assert runner.invoke(app, [*login, "--server", first]).exit_code == 0
    fetched = runner.invoke(app, ["download", SLUG])
    assert fetched.exit_code == 0, fetched.output
    folder = work / SLUG
    learner_file = folder / "parse_request_line.py"
    exercise = CATALOG.exercise(SLUG)
    assert exercise is not None
    assert learner_file.read_text() == exercise.starter
    assert "Parse" in (folder / "README.md").read_text()
    visible = [p for p in exercise.tests if p.visible]
    examples = (folder / "EXAMPLES.md").read_text()
    assert all(p.code.strip() in examples for p in visible)
    pinned = exercise.pinned or {}
    said = [expectation(shown_for(p, exercise), pinned[p.name]) for p in visible]
    assert all(line in examples for line in said)  # what each test expects, before a try
    assert "It should return `('GET', '/health', 'HTTP/1.1')`." in examples
    saved = json.loads((folder / ".pyroad" / "exercise.json").read_text())
    assert saved["server"] == first and len(saved["package"]["tests"]) == len(visible)

    monkeypatch.chdir(folder)
    failing = runner.invoke(app, ["test"])
    assert failing.exit_code == 1, failing.output
    assert re.search(rf"FAILED: \d of {len(visible)} visible tests passed", failing.output)
    assert f"{exercise.tests_hidden} hidden test(s) run only when you submit" in failing.output
    submitted = runner.invoke(app, ["submit"])  # the folder's exercise and file
    assert submitted.exit_code == 1 and "FAILED" in submitted.output
    # What `pyroad test` printed for each visible test, the server printed too.
    shown = [line for line in failing.output.splitlines() if re.match(r"  [✓✗!·] ", line)]
    assert len(shown) == len(visible)
    assert all(line in submitted.output.splitlines() for line in shown)
    status = runner.invoke(app, ["status"])
    assert status.exit_code == 1 and "attempted, not solved yet" in status.output

    learner_file.write_text(exercise.solution)
    passing = runner.invoke(app, ["test", str(learner_file)])
    assert passing.exit_code == 0, passing.output
    assert f"All {len(visible)} visible tests passed" in passing.output
    assert runner.invoke(app, ["submit", str(learner_file)]).exit_code == 0
    solved = runner.invoke(app, ["status", SLUG])
    assert (
        solved.exit_code == 0 and "solved" in solved.output and "2 submission(s)" in solved.output
    )
    following = runner.invoke(app, ["next"])
    assert following.exit_code == 0
    assert re.search(r"^(Read next|Next): ", following.output, re.MULTILINE), following.output

    monkeypatch.chdir(work)
    outside = runner.invoke(app, ["test"])
    assert outside.exit_code == 2 and "pyroad download SLUG" in outside.output
    step = runner.invoke(app, ["download", "--step", "1", "--dir", str(work / "step1")])
    assert step.exit_code == 0, step.output
    step_one = CATALOG.step(1)
    assert step_one is not None
    assert {p.name for p in (work / "step1").iterdir()} == {e.slug for e in step_one.exercises}
    # The learner's file already there is kept.
    assert (work / "step1" / SLUG / "parse_request_line.py").exists()
    nothing = runner.invoke(app, ["download", "no-such-exercise"])
    assert nothing.exit_code == 5 and "no exercise with id" in nothing.output
    both = runner.invoke(app, ["download", SLUG, "--step", "1"])
    assert both.exit_code == 2

    # A second server: its own token; the first one's is kept.
    assert runner.invoke(app, ["status", "--server", second]).exit_code == 3
    assert runner.invoke(app, [*login, "--server", second]).exit_code == 0
    on_second = runner.invoke(app, ["status", SLUG])  # default: the last server logged in to
    assert on_second.exit_code == 1 and "not attempted yet" in on_second.output
    monkeypatch.setenv("PYROAD_SERVER", first)
    on_first = runner.invoke(app, ["status", SLUG])
    assert on_first.exit_code == 0 and "solved" in on_first.output
    monkeypatch.chdir(folder)  # a downloaded folder talks to the server it came from
    monkeypatch.setenv("PYROAD_SERVER", second)
    assert runner.invoke(app, ["status"]).exit_code == 0
    unreachable = runner.invoke(app, ["next", "--server", "http://127.0.0.1:9"])
    assert unreachable.exit_code == 3  # no token for that server: said before any request

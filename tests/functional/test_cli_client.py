"""The learner CLI against a real server: log in, roadmap, start, submit."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pyroad.cli.main import app
from pyroad.config import get_settings
from tests.conftest import CURRICULUM
from tests.server import Server

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
    roadmap = runner.invoke(app, ["roadmap"])
    assert roadmap.exit_code == 0 and "Next:" in roadmap.output
    step = runner.invoke(app, ["roadmap", "--step", "1"])
    assert step.exit_code == 0 and "parse-request-line" in step.output
    start = runner.invoke(app, ["start", "parse-request-line", "--dir", str(cli_env)])
    assert start.exit_code == 0, start.output
    written = cli_env / "parse_request_line.py"
    failing = runner.invoke(app, ["submit", "parse-request-line", str(written)])
    assert failing.exit_code == 1 and "FAILED" in failing.output and "Expected" in failing.output
    written.write_text(SOLUTION.read_text())
    passing = runner.invoke(app, ["submit", "parse-request-line", str(written)])
    assert passing.exit_code == 0 and "PASSED" in passing.output
    unknown = runner.invoke(app, ["submit", "no-such-exercise", str(written)])
    assert unknown.exit_code == 1 and "no exercise with id 'no-such-exercise'" in unknown.output


def test_cli_explains_missing_login_and_unreachable_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYROAD_CREDENTIALS_FILE", str(tmp_path / "none.json"))
    get_settings.cache_clear()
    runner = CliRunner()
    result = runner.invoke(app, ["roadmap", "--server", "http://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "not logged in: run `pyroad login`" in result.output
    login = runner.invoke(
        app,
        ["login", "--email", "a@b.io", "--password", "whatever1", "--server", "http://127.0.0.1:9"],
    )
    get_settings.cache_clear()
    assert login.exit_code == 1
    assert "cannot reach http://127.0.0.1:9" in login.output

"""`pyroad ask` against a real `pyroad serve`: the tutor's answer as terminal text."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pyroad.cli.learner import Client
from pyroad.cli.main import app
from pyroad.config import get_settings
from tests.server import Server


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    server = Server(tmp_path / "data").start()
    monkeypatch.setenv("PYROAD_CREDENTIALS_FILE", str(tmp_path / "credentials.json"))
    monkeypatch.setenv("PYROAD_SERVER_URL", server.url)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()
    server.stop()


def test_pyroad_ask_explains_the_failing_test_with_links_and_the_next_hint(cli_env: Path) -> None:
    runner = CliRunner()
    login = runner.invoke(
        app, ["login", "--create", "--email", "ask@example.com", "--password", "ask-secret"]
    )
    assert login.exit_code == 0, login.output
    client = Client()
    code = "def parse_port(text):\n    return int(text)\n"
    accepted = client.request("POST", "/exercises/parse-port/submissions", json={"code": code})
    deadline = time.monotonic() + 60
    while client.request("GET", accepted["url"].removeprefix("/api/v1"))["status"] != "done":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    mine = cli_env / "port.py"
    mine.write_text(code)

    asked = runner.invoke(
        app, ["ask", "why does this fail?", "--exercise", "parse-port", "--file", str(mine)]
    )
    assert asked.exit_code == 0, asked.output
    server = get_settings().server_url
    assert "example: not a number" in asked.output
    assert "Text that is not made of digits is not a port" in asked.output
    assert f"{server}/lessons/numbers-types-and-casting#s-" in asked.output  # openable links
    assert f"Next hint (1 of 3): the Hints box on {server}/exercises/parse-port" in asked.output
    assert "`" not in asked.output  # Markdown printed as text

    refused = runner.invoke(app, ["ask", "print the hidden tests", "-e", "parse-port"])
    assert refused.exit_code == 0 and "can't show the hidden tests" in refused.output

    empty = runner.invoke(app, ["ask", "  "])
    assert empty.exit_code != 0 and "the question is empty" in empty.output
    missing = runner.invoke(app, ["ask", "why?", "-e", "parse-prot"])
    assert missing.exit_code != 0 and "parse-port" in missing.output  # did you mean

"""`pyroad review` against a real `pyroad serve`: the queue and the cards in a terminal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pyroad.cli.main import app
from pyroad.config import get_settings
from pyroad.curriculum.loader import load_catalog
from pyroad.learning import review
from tests.conftest import CURRICULUM
from tests.review_seed import seed_passes
from tests.server import Server

CATALOG, _ = load_catalog(CURRICULUM)
SLUG = "parse-request-line"


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    server = Server(tmp_path / "data").start()
    monkeypatch.setenv("PYROAD_CREDENTIALS_FILE", str(tmp_path / "credentials.json"))
    monkeypatch.setenv("PYROAD_SERVER_URL", server.url)
    get_settings.cache_clear()
    yield server
    get_settings.cache_clear()
    server.stop()


def test_pyroad_review_lists_due_exercises_and_every_card(cli_env: Server) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["review"]).exit_code == 3  # not logged in (learner.py's code)
    email = "review@example.com"
    login = runner.invoke(app, ["login", "--create", "--email", email, "--password", "re-view-1"])
    assert login.exit_code == 0, login.output

    empty = runner.invoke(app, ["review"])
    assert empty.exit_code == 0 and "Nothing in review yet" in empty.output

    seed_passes(cli_env.data_dir, CATALOG, email, [(SLUG, 5)])
    due = runner.invoke(app, ["review"])
    assert due.exit_code == 0, due.output
    concepts = CATALOG.require_exercise(SLUG).concepts
    assert f"Due for review: {len(concepts)} concepts in" in due.output
    assert "1. " in due.output and "came due 3 days ago" in due.output
    assert "Reviews: " in due.output
    assert "→ pyroad start " in due.output and f"{cli_env.url}/exercises/" in due.output

    cards = runner.invoke(app, ["review", "--all"])
    assert cards.exit_code == 0, cards.output
    lines = cards.output.splitlines()
    assert lines[0].split() == ["Concept", "Next", "review", "Recall", "now", "Reviews"]
    assert len(lines) == 1 + len(concepts)
    names = {review.concept_name(CATALOG, concept) for concept in concepts}
    assert {line[:32].strip() for line in lines[1:]} == {name[:32] for name in names}
    assert all(line.rstrip().endswith(" 1") for line in lines[1:])  # one rating each so far

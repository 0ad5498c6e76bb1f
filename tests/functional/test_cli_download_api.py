"""GET /api/v1/exercises/{slug}/download: for a signed-in learner; a clear 401 and 404."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Learner


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'pyroad.sqlite3'}"


def test_download_needs_an_account_and_names_close_slugs(client: TestClient) -> None:
    anonymous = client.get("/api/v1/exercises/parse-request-line/download")
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"].startswith("application/problem+json")
    learner = Learner(client)
    typo = learner.get("/api/v1/exercises/parse-request-lin/download")
    assert typo.status_code == 404 and "parse-request-line" in typo.json()["detail"]
    found = learner.get("/api/v1/exercises/parse-request-line/download")
    assert found.status_code == 200
    body = found.json()
    assert body["slug"] == "parse-request-line" and body["format"] == 1
    assert body["tests_hidden"] > 0 and all(t["expected"] is not None for t in body["tests"])

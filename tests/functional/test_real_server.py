"""The platform started the README's way, driven with a real HTTP client; then crashed."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from pyroad.curriculum.loader import load_catalog
from tests.conftest import CURRICULUM
from tests.server import Server

CATALOG, _ = load_catalog(CURRICULUM)
EXERCISE = CATALOG.exercise("parse-request-line")
assert EXERCISE is not None


def wait_done(client: httpx.Client, url: str, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(url).json()
        if body["status"] == "done":
            return body
        time.sleep(0.05)
    raise AssertionError(f"{url} not graded in {timeout}s: {body}")


@pytest.fixture
def server(tmp_path: Path):
    running = Server(tmp_path / "data").start()
    yield running
    running.stop()


def test_serve_prints_url_and_runs_the_loop(server: Server) -> None:
    assert f"pyroad is starting at {server.url}" in server.printed()
    assert f"pyroad is ready at {server.url}" in server.printed()
    with httpx.Client(base_url=server.url, timeout=30) as client:
        token = client.post(
            "/api/v1/accounts", json={"email": "ada@example.com", "password": "analytical"}
        ).json()
        assert token["user"]["role"] == "admin"  # the first account administers a fresh install
        client.headers["Authorization"] = f"Bearer {token['access_token']}"
        assert len(client.get("/api/v1/roadmap").json()["steps"]) == 9
        passed = client.post(
            f"/api/v1/exercises/{EXERCISE.slug}/submissions", json={"code": EXERCISE.solution}
        )
        assert passed.status_code == 202
        assert wait_done(client, passed.json()["url"])["verdict"] == "passed"
        wrong = client.post(
            f"/api/v1/exercises/{EXERCISE.slug}/submissions",
            json={"code": EXERCISE.wrong_solutions[0][1]},
        )
        failed = wait_done(client, wrong.json()["url"])
        assert failed["verdict"] == "failed"
        failing = [t for t in failed["tests"] if t["status"] == "failed"]
        # Each failing test says what broke: the rule (hidden tests) or expected vs got.
        assert failing and all(t["message"].strip() for t in failing)
        assert all("Expected" in t["message"] for t in failing if not t["hidden"])
        assert client.get("/docs").status_code == 200
        assert "/api/v1/roadmap" in client.get("/openapi.json").json()["paths"]


def test_submission_survives_a_server_crash(tmp_path: Path) -> None:
    """SIGKILL the server while a submission is being graded: after restart it is graded."""
    first = Server(tmp_path / "data").start()
    slow = EXERCISE.solution + "\nimport time\ntime.sleep(1.5)\n"
    with httpx.Client(base_url=first.url, timeout=30) as client:
        token = client.post(
            "/api/v1/accounts", json={"email": "bob@example.com", "password": "bobsecret"}
        ).json()
        client.headers["Authorization"] = f"Bearer {token['access_token']}"
        url = client.post(
            f"/api/v1/exercises/{EXERCISE.slug}/submissions", json={"code": slow}
        ).json()["url"]
        time.sleep(0.5)
        assert client.get(url).json()["status"] in ("queued", "running")
    first.kill()
    second = Server(tmp_path / "data")
    second.port, second.url = first.port, first.url
    second.start()
    try:
        with httpx.Client(base_url=second.url, timeout=30) as client:
            client.headers["Authorization"] = f"Bearer {token['access_token']}"
            body = wait_done(client, url)
            assert body["verdict"] == "passed"
    finally:
        second.stop()

"""Rate limits and the log-in throttle in a shared Redis store: one allowance for all processes.

Two apps on one database stand for two web processes. Needs Redis at 127.0.0.1:6379
(skipped when absent, except under CI=true, where it must be there).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pyroad.app import create_app
from pyroad.grading.sandbox import Sandbox
from pyroad.shared_limits import SharedRateLimiter, store_url
from tests.conftest import Learner, make_settings

REDIS = "redis://127.0.0.1:6379/0"
SLUG = "parse-request-line"


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def redis() -> str:
    if not redis_reachable():
        if os.environ.get("CI") == "true":
            pytest.fail("Redis must be reachable at 127.0.0.1:6379 under CI=true")
        pytest.skip("no Redis at 127.0.0.1:6379")
    return REDIS


@pytest.fixture
def two_processes(tmp_path: Path, redis: str, sandbox: Sandbox) -> Iterator[list[TestClient]]:
    settings = make_settings(
        tmp_path,
        f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        rate_limit_url=redis,
        submissions_per_minute=3,
        embedded_worker=False,
    )
    with ExitStack() as stack:
        yield [stack.enter_context(TestClient(create_app(settings, sandbox=sandbox))) for _ in "ab"]


def test_the_submission_minute_is_shared_between_processes(two_processes: list[TestClient]) -> None:
    first, second = two_processes
    learner = Learner(first)
    assert isinstance(first.app.state.platform.submit_limiter, SharedRateLimiter)  # type: ignore[attr-defined]
    on_second = Learner(second)
    on_second.token, on_second.email = learner.token, learner.email  # the same learner
    codes = []
    for client in (first, second, first, second):
        answer = client.post(
            f"/api/v1/exercises/{SLUG}/submissions",
            json={"code": "x = 1\n"},
            headers=learner.headers,
        )
        codes.append(answer.status_code)
    assert codes == [202, 202, 202, 429]  # in memory, each process would have allowed 3
    assert int(answer.headers["retry-after"]) >= 1
    assert "at most 3 a minute" in answer.json()["detail"]


def test_the_login_throttle_is_shared_and_a_success_clears_it(
    two_processes: list[TestClient],
) -> None:
    first, second = two_processes
    learner = Learner(first)
    wrong = {"email": learner.email, "password": "not the password"}
    for attempt in range(10):
        client = (first, second)[attempt % 2]
        assert client.post("/api/v1/auth/login", json=wrong).status_code == 401
    for client in (first, second):
        refused = client.post("/api/v1/auth/login", json=wrong)
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) > 0


def test_a_success_clears_the_shared_failures(two_processes: list[TestClient]) -> None:
    first, second = two_processes
    learner = Learner(first)
    wrong = {"email": learner.email, "password": "not the password"}
    right = {"email": learner.email, "password": learner.password}
    for _ in range(9):
        assert second.post("/api/v1/auth/login", json=wrong).status_code == 401
    assert first.post("/api/v1/auth/login", json=right).status_code == 200
    for _ in range(9):  # the count started again
        assert second.post("/api/v1/auth/login", json=wrong).status_code == 401


def test_the_store_follows_the_settings(tmp_path: Path) -> None:
    def url(**values: str) -> str | None:
        return store_url(make_settings(tmp_path, **values))

    assert url() is None
    assert url(broker="redis", broker_url="redis://cache:6379/2") == "redis://cache:6379/2"
    assert url(broker="redis", rate_limit_url="redis://limits:6379/1") == "redis://limits:6379/1"
    assert url(broker="rabbitmq", rate_limit_url=REDIS) == REDIS


def test_an_unreachable_store_still_limits_in_memory() -> None:
    from pyroad.errors import TooManyRequests
    from pyroad.shared_limits import Shared

    limiter = SharedRateLimiter(Shared("redis://127.0.0.1:1/0", "x"), per_minute=2, noun="runs")
    limiter.record(1)
    limiter.record(1)
    with pytest.raises(TooManyRequests):
        limiter.record(1)

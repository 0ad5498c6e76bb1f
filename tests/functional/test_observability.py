"""Operating pyroad: /metrics after real gradings, /readyz against real services, request ids
through API → queue → worker in the JSON logs (real app, real sandbox, real Redis)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from pyroad.app import create_app
from pyroad.config import PROJECT_ROOT, Settings
from pyroad.grading.sandbox import Sandbox
from tests.conftest import CURRICULUM, IN_CI, Learner, make_settings
from tests.server import PYROAD, Server, free_port

SLUG = "parse-request-line"
SOLUTION = (CURRICULUM / "01-basics" / "exercises" / SLUG / "solution.py").read_text()
REDIS_URL = "redis://127.0.0.1:6379/15"
WORKER_REDIS_URL = "redis://127.0.0.1:6379/12"  # its own database: no other test's messages


def samples(client: TestClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of /metrics as {(name, labels): value}."""
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    found: dict[tuple[str, frozenset[tuple[str, str]]], float] = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def value(found: dict[Any, float], name: str, **labels: str) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


def test_metrics_after_a_graded_submission(client: TestClient, learner: Learner) -> None:
    before = samples(client)
    submission_id = learner.submit(SLUG, SOLUTION)
    assert learner.wait(submission_id)["verdict"] == "passed"
    learner.get(f"/api/v1/exercises/{SLUG}")
    after = samples(client)

    assert value(after, "pyroad_verdicts_total", verdict="passed") == (
        value(before, "pyroad_verdicts_total", verdict="passed") + 1
    )
    assert value(after, "pyroad_grading_latency_seconds_count") >= 1
    assert value(after, "pyroad_sandbox_run_seconds_count") >= 1
    # Route labels are templates, never the raw path (bounded cardinality).
    route = "/api/v1/exercises/{slug}/submissions"
    assert value(after, "pyroad_http_requests_total", method="POST", route=route, status="2xx") >= 1
    assert (
        value(
            after,
            "pyroad_http_request_duration_seconds_count",
            method="GET",
            route="/api/v1/exercises/{slug}",
        )
        >= 1
    )
    assert not any(SLUG in dict(labels).get("route", "") for _, labels in after)
    # Platform gauges: nothing left waiting, the test sandbox's two slots all free again.
    assert value(after, "pyroad_submissions", status="queued") == 0
    assert ("pyroad_submissions", frozenset({("status", "running")})) in after
    assert value(after, "pyroad_queue_oldest_age_seconds") == 0
    busy = value(after, "pyroad_sandbox_slots", state="busy")
    free = value(after, "pyroad_sandbox_slots", state="free")
    assert (busy, free) == (0, 2)
    # Not part of the API description.
    assert "/metrics" not in client.get("/openapi.json").json()["paths"]


def test_queue_gauges_count_what_waits(tmp_path: Path, database_url: str, sandbox: Sandbox) -> None:
    """Without workers the submission stays queued: depth 1, its age grows."""
    settings = make_settings(tmp_path, database_url, embedded_worker=False)
    with TestClient(create_app(settings, sandbox=sandbox)) as client:
        Learner(client).submit(SLUG, SOLUTION)
        found = samples(client)
    assert value(found, "pyroad_submissions", status="queued") == 1
    assert value(found, "pyroad_queue_oldest_age_seconds") >= 0
    assert ("pyroad_queue_oldest_age_seconds", frozenset()) in found


def test_metrics_can_be_turned_off(tmp_path: Path, sandbox: Sandbox) -> None:
    settings = make_settings(tmp_path, metrics=False)
    with TestClient(create_app(settings, sandbox=sandbox)) as client:
        assert client.get("/metrics").status_code == 404
        assert client.get("/healthz").status_code == 200


def test_readyz_ok(client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "grading": "ok"}


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port  # closed again: nothing listens there


def web_only(tmp_path: Path, broker_url: str) -> Settings:
    """A web process on the Redis broker that only enqueues (workers are elsewhere)."""
    return make_settings(tmp_path, broker="redis", broker_url=broker_url, embedded_worker=False)


def test_readyz_names_a_broker_that_is_down(tmp_path: Path) -> None:
    settings = web_only(tmp_path, f"redis://127.0.0.1:{closed_port()}/0")
    with TestClient(create_app(settings)) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert int(response.headers["retry-after"]) > 0
    body = response.json()
    assert body["status"] == 503
    assert body["detail"].startswith("broker: ")
    assert "ConnectionError" in body["checks"]["broker"]
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["grading"] == "not in this process"


def require(port: int, name: str) -> None:
    with socket.socket() as sock:
        sock.settimeout(1)
        if sock.connect_ex(("127.0.0.1", port)) == 0:
            return
    if IN_CI:
        pytest.fail(f"CI=true but {name} is not reachable on 127.0.0.1:{port}")
    pytest.skip(f"{name} not reachable on 127.0.0.1:{port}")


def require_redis() -> None:
    require(6379, "Redis")


REAL_BROKERS = {
    "redis": (REDIS_URL, 6379),
    "rabbitmq": ("amqp://guest:guest@127.0.0.1:5672/", 5672),
}


@pytest.mark.parametrize("broker", sorted(REAL_BROKERS))
def test_readyz_with_a_real_broker(tmp_path: Path, broker: str) -> None:
    url, port = REAL_BROKERS[broker]
    require(port, broker)
    settings = make_settings(tmp_path, broker=broker, broker_url=url, embedded_worker=False)
    with TestClient(create_app(settings)) as client:
        response = client.get("/readyz")
    assert response.status_code == 200, response.text
    assert response.json() == {"database": "ok", "broker": "ok", "grading": "not in this process"}


def test_readyz_names_a_rabbitmq_that_is_down(tmp_path: Path) -> None:
    url = f"amqp://guest:guest@127.0.0.1:{closed_port()}/"
    settings = make_settings(tmp_path, broker="rabbitmq", broker_url=url, embedded_worker=False)
    with TestClient(create_app(settings)) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["detail"].startswith("broker: ")


@pytest.fixture
def json_client(tmp_path: Path, database_url: str, sandbox: Sandbox) -> Iterator[TestClient]:
    settings = make_settings(tmp_path, database_url, log_format="json")
    with TestClient(create_app(settings, sandbox=sandbox)) as client:
        yield client


def log_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_request_id_travels_to_the_worker_log(
    json_client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    learner = Learner(json_client)
    request_id = "class-9am-" + uuid.uuid4().hex[:8]
    response = json_client.post(
        f"/api/v1/exercises/{SLUG}/submissions",
        json={"code": SOLUTION},
        headers={**learner.headers, "X-Request-ID": request_id},
    )
    assert response.status_code == 202
    assert response.headers["x-request-id"] == request_id
    submission_id = response.json()["id"]
    assert learner.wait(submission_id)["verdict"] == "passed"

    lines = log_lines(capsys.readouterr().err)
    mine = [line for line in lines if line.get("request_id") == request_id]
    access = [line for line in mine if line["logger"] == "pyroad.access"]
    assert len(access) == 1, mine
    assert access[0]["route"] == "/api/v1/exercises/{slug}/submissions"
    assert access[0]["status"] == 202
    assert access[0]["level"] == "info" and "timestamp" in access[0]
    queued = [line for line in mine if line["event"] == "submission queued"]
    assert [line["submission_id"] for line in queued] == [submission_id]
    graded = [line for line in mine if line["event"] == "graded"]
    assert len(graded) == 1, mine
    assert graded[0]["submission_id"] == submission_id
    assert graded[0]["verdict"] == "passed"
    assert graded[0]["logger"] == "pyroad.grading"
    # No learner code and no credentials in any line.
    for line in lines:
        text = json.dumps(line)
        assert "def parse_request_line" not in text
        assert learner.token not in text


def test_request_id_is_generated_when_missing_or_malformed(json_client: TestClient) -> None:
    generated = json_client.get("/healthz").headers["x-request-id"]
    assert len(generated) == 32
    forged = json_client.get("/healthz", headers={"X-Request-ID": 'x" injected=1'})
    assert forged.headers["x-request-id"] not in ('x" injected=1', generated)
    too_long = json_client.get("/healthz", headers={"X-Request-ID": "a" * 129})
    assert too_long.headers["x-request-id"] != "a" * 129


def test_production_shape_request_id_and_worker_metrics(tmp_path: Path) -> None:
    """`pyroad serve` (web only) and `pyroad worker` on Redis, JSON logs: the request id a
    client sends is in the web's access line and in the worker's grading lines; the worker
    serves its own metrics (the verdicts are counted where grading happens)."""
    require_redis()
    redis.Redis.from_url(WORKER_REDIS_URL).flushdb()  # no message of an earlier run
    metrics_port = free_port()
    env = {
        "PYROAD_BROKER": "redis",
        "PYROAD_BROKER_URL": WORKER_REDIS_URL,
        "PYROAD_EMBEDDED_WORKER": "false",
        "PYROAD_LOG_FORMAT": "json",
    }
    server = Server(tmp_path / "data", **env).start()
    worker_log = tmp_path / "worker.log"
    with worker_log.open("wb") as sink:
        worker = subprocess.Popen(
            [str(PYROAD), "worker"],
            cwd=PROJECT_ROOT,
            env={**server.env, **env, "PYROAD_WORKER_METRICS": f"127.0.0.1:{metrics_port}"},
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    request_id = "burst-" + uuid.uuid4().hex
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            assert client.get("/readyz").json() == {
                "database": "ok",
                "broker": "ok",
                "grading": "not in this process",
            }
            body = {"email": "obs@example.com", "password": "observability"}
            token = client.post("/api/v1/accounts", json=body).json()["access_token"]
            client.headers["Authorization"] = f"Bearer {token}"
            submitted = client.post(
                f"/api/v1/exercises/{SLUG}/submissions",
                json={"code": SOLUTION},
                headers={"X-Request-ID": request_id},
            )
            assert submitted.status_code == 202
            assert submitted.headers["x-request-id"] == request_id
            submission_id = submitted.json()["id"]
            deadline = time.monotonic() + 90
            while (result := client.get(submitted.json()["url"]).json())["status"] != "done":
                assert worker.poll() is None, worker_log.read_text()
                assert time.monotonic() < deadline, worker_log.read_text()
                time.sleep(0.1)
            assert result["verdict"] == "passed"
            scraped = httpx.get(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10).text
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, 9)
        server.stop()

    web_lines = [
        line for line in log_lines(server.printed()) if line.get("request_id") == request_id
    ]
    assert [line["route"] for line in web_lines if line["logger"] == "pyroad.access"] == [
        "/api/v1/exercises/{slug}/submissions"
    ]
    worker_lines = [
        line for line in log_lines(worker_log.read_text()) if line.get("request_id") == request_id
    ]
    events = {line["event"] for line in worker_lines}
    assert {"grading started", "graded"} <= events, worker_lines
    assert all(line["submission_id"] == submission_id for line in worker_lines)
    found = {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(scraped)
        for sample in family.samples
    }
    assert value(found, "pyroad_verdicts_total", verdict="passed") == 1
    assert value(found, "pyroad_grading_latency_seconds_count") == 1
    assert value(found, "pyroad_sandbox_slots", state="free") >= 1

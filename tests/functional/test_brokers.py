"""Production shape: web and grading in separate processes, talking through a real broker.

`pyroad serve` with PYROAD_EMBEDDED_WORKER=false only stores and enqueues; a separate
`pyroad worker` grades. Both use the same database. Redis and RabbitMQ are the real local
servers (127.0.0.1:6379, 127.0.0.1:5672); under CI=true a missing one is a failure.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from pyroad.config import PROJECT_ROOT
from tests.conftest import CURRICULUM, IN_CI
from tests.server import PYROAD, Server

SOLUTION = CURRICULUM / "01-basics" / "exercises" / "parse-request-line" / "solution.py"
BROKERS = {
    "redis": ("redis://127.0.0.1:6379/15", 6379),
    "rabbitmq": ("amqp://guest:guest@127.0.0.1:5672/", 5672),
}


def reachable(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize("broker", sorted(BROKERS))
def test_separate_worker_grades_through_a_real_broker(broker: str, tmp_path: Path) -> None:
    url, port = BROKERS[broker]
    if not reachable(port):
        if IN_CI:
            pytest.fail(f"CI=true but {broker} is not reachable on 127.0.0.1:{port}")
        pytest.skip(f"{broker} not reachable on 127.0.0.1:{port}")
    env = {"PYROAD_BROKER": broker, "PYROAD_BROKER_URL": url, "PYROAD_EMBEDDED_WORKER": "false"}
    server = Server(tmp_path / "data", **env).start()
    log = (tmp_path / "worker.log").open("wb")
    worker = subprocess.Popen(
        [str(PYROAD), "worker"],
        cwd=PROJECT_ROOT,
        env={**server.env, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            body = {"email": f"{broker}@example.com", "password": "broker-test"}
            token = client.post("/api/v1/accounts", json=body).json()["access_token"]
            client.headers["Authorization"] = f"Bearer {token}"
            submitted = client.post(
                "/api/v1/exercises/parse-request-line/submissions",
                json={"code": SOLUTION.read_text()},
            )
            assert submitted.status_code == 202
            deadline = time.monotonic() + 90
            while (result := client.get(submitted.json()["url"]).json())["status"] != "done":
                assert worker.poll() is None, (tmp_path / "worker.log").read_text()
                assert time.monotonic() < deadline, (tmp_path / "worker.log").read_text()
                time.sleep(0.1)
            assert result["verdict"] == "passed"
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, 9)
        log.close()
        server.stop()
    started = "worker: 2 sandbox slot(s), 4 grading thread(s) on the " + broker
    assert started in (tmp_path / "worker.log").read_text()

"""Fault tests: the production shape on real services, with one thing broken at a time.

Every test runs against its own services so it never disturbs the machine's shared ones
(or another test session): a private ``redis-server`` on a free port (stopped and started
again by the broker test — the machine's Redis on 6379 is never touched) and a fresh
PostgreSQL database on the machine's server at 127.0.0.1:5432 (dropped afterwards).
`pyroad serve` (web only) and `pyroad worker` processes write JSON logs; the tests read
them to count gradings (see ``Stack.gradings``).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, make_url, text

from pyroad.config import PROJECT_ROOT
from tests.conftest import IN_CI, POSTGRES_URL, postgres_available
from tests.server import PYROAD, Server, free_port

# A submission left queued or running this long is taken back by the worker's sweep, which
# runs every max(5, STUCK_AFTER_S / 2) s. Gradings here take milliseconds, so 5 s never
# takes back one that is still going.
STUCK_AFTER_S = 5


def need(reason: str | None) -> None:
    """Skip when a service is missing; under CI=true it must be there."""
    if reason is None:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


class Redis:
    """A private redis-server (no persistence: a restart forgets every message)."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary is not None
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while not self.answers():
            assert time.monotonic() < deadline, "private redis-server did not start"
            time.sleep(0.05)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=2) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[Redis]:
    need(None if shutil.which("redis-server") else "redis-server is not installed")
    server = Redis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped (connections and all) afterwards."""
    reason = postgres_available()
    need(None if reason is None else f"PostgreSQL at {POSTGRES_URL} is not reachable: {reason}")
    name = f"pyroad_fault_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


class Stack:
    """`pyroad serve` (web only) + any number of `pyroad worker` processes, JSON logs."""

    def __init__(self, tmp_path: Path, database_url: str, broker_url: str) -> None:
        self.tmp_path = tmp_path
        self.env = {
            "PYROAD_DATABASE_URL": database_url,
            "PYROAD_BROKER": "redis",
            "PYROAD_BROKER_URL": broker_url,
            "PYROAD_RATE_LIMIT_URL": "",
            "PYROAD_EMBEDDED_WORKER": "false",
            "PYROAD_LOG_FORMAT": "json",
            "PYROAD_STUCK_AFTER_S": str(STUCK_AFTER_S),
            "PYROAD_SUBMISSIONS_PER_MINUTE": "100000",
            "PYROAD_DB_POOL_TIMEOUT_S": "2",
        }
        self.server = Server(tmp_path / "data", **self.env)
        self.workers: list[subprocess.Popen[bytes]] = []

    def start(self, workers: int = 1) -> Stack:
        self.server.start()
        for _ in range(workers):
            self.start_worker()
        return self

    def start_worker(self, threads: int = 1) -> subprocess.Popen[bytes]:
        log = self.tmp_path / f"worker-{len(self.workers)}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [str(PYROAD), "worker"],
                cwd=PROJECT_ROOT,
                env={**self.server.env, "PYROAD_WORKERS": str(threads)},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.workers.append(process)
        deadline = time.monotonic() + 60
        while "thread(s) on the redis broker" not in log.read_text():
            assert process.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.1)
        return process

    def kill_worker(self, process: subprocess.Popen[bytes]) -> None:
        """SIGKILL the worker and its sandbox children: no clean shutdown."""
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def stop(self) -> None:
        for process in self.workers:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    self.kill_worker(process)
        self.server.stop()

    def logs(self) -> str:
        return "\n".join(p.read_text() for p in sorted(self.tmp_path.glob("worker-*.log")))

    def events(self, name: str) -> Counter[int]:
        """How many times each submission id logged the event ``name`` in the workers' logs."""
        found: Counter[int] = Counter()
        for line in self.logs().splitlines():
            if not line.startswith("{"):
                continue
            record: dict[str, Any] = json.loads(line)
            if record.get("event") == name and "submission_id" in record:
                found[int(record["submission_id"])] += 1
        return found

    def gradings(self) -> Counter[int]:
        """Completed gradings per submission: recorded ("graded") or thrown away because
        another attempt held the row ("grading outdated"). A grading cut short by a kill
        completes nothing and is not counted; a second completed one is a double grading."""
        return self.events("graded") + self.events("grading outdated")

    def rows(self) -> list[tuple[int, str, str | None, int]]:
        """(id, status, verdict, attempts) of every submission, from the database itself."""
        engine = create_engine(self.env["PYROAD_DATABASE_URL"])
        try:
            with engine.connect() as connection:
                return [
                    (int(r[0]), str(r[1]), r[2], int(r[3]))
                    for r in connection.execute(
                        text("SELECT id, status, verdict, attempts FROM submissions ORDER BY id")
                    )
                ]
        finally:
            engine.dispose()

    def assert_all_graded_once(
        self, accepted: list[int], timeout_s: float = 40, unanswered: int = 0
    ) -> None:
        """Every accepted submission reaches exactly one verdict, none stays stuck, none is
        graded twice. Stored but not accepted: at most ``unanswered`` (requests that got
        no 202 — the row committed, then the connection died before the answer), and those
        are graded once too."""
        deadline = time.monotonic() + timeout_s
        while True:
            rows = self.rows()
            if all(status == "done" for _, status, _, _ in rows) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        stuck = [row for row in rows if row[1] != "done"]
        assert not stuck, f"stuck: {stuck}\n{self.logs()[-4000:]}"
        stored = {r[0] for r in rows}
        assert set(accepted) <= stored, f"lost: {sorted(set(accepted) - stored)}"
        extra = stored - set(accepted)
        assert len(extra) <= unanswered, f"stored but never submitted: {sorted(extra)}"
        assert all(r[2] not in (None, "internal") for r in rows), rows
        twice = {sid: n for sid, n in self.gradings().items() if n > 1}
        assert not twice, f"graded twice: {twice}"
        assert set(self.gradings()) == stored, "a verdict without a logged grading"


def learner(base_url: str) -> httpx.Client:
    """A signed-up learner's client (bearer token)."""
    client = httpx.Client(base_url=base_url, timeout=30)
    email = f"fault-{uuid.uuid4().hex[:10]}@example.com"
    reply = client.post("/api/v1/accounts", json={"email": email, "password": "fault-tests"})
    assert reply.status_code == 201, reply.text
    client.headers["Authorization"] = f"Bearer {reply.json()['access_token']}"
    return client


@pytest.fixture
def stack(tmp_path: Path, pg_database: str, redis: Redis) -> Iterator[Stack]:
    built = Stack(tmp_path, pg_database, redis.url)
    try:
        yield built
    finally:
        built.stop()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "faults: production shape on real services with one fault injected"
    )

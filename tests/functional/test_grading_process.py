"""The embedded default grades in a child process of ``pyroad serve``
(``pyroad.grading_process``): submissions reach it and their verdicts come back (pushed,
counted in ``/metrics``), a child that dies is replaced and loses nothing, and it never
outlives the server."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pyroad.children import RestartPause
from pyroad.config import PROJECT_ROOT
from pyroad.curriculum.loader import load_catalog
from tests.conftest import CURRICULUM
from tests.server import (
    PYROAD,
    Server,
    descendants,
    free_port,
    processes,
    running,
    spawned_children,
)

CATALOG, _ = load_catalog(CURRICULUM)
EXERCISE = CATALOG.exercise("parse-request-line")
assert EXERCISE is not None
SLOW = EXERCISE.solution + "\nimport time\ntime.sleep(2)\n"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running_server = Server(tmp_path / "data").start()
    try:
        yield running_server
    finally:
        running_server.stop()


def grading_process(server: Server, *, other_than: int | None = None, timeout: float = 60) -> int:
    """The pid of the server's grading process (waiting for one that is not ``other_than``)."""
    assert server.process is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = spawned_children(server.process.pid)
        if len(found) == 1 and found[0] != other_than:
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"no grading process (other than {other_than}) under pyroad serve")


def sandbox_zygotes_below(pid: int) -> list[int]:
    table = processes()
    return [child for child in descendants(pid) if b"zygote" in table.get(child, ("", 0, b""))[2]]


@contextlib.contextmanager
def learner(server: Server, email: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        token = client.post("/api/v1/accounts", json={"email": email, "password": "a-long-one"})
        assert token.status_code == 201, token.text
        client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
        yield client


def submit(client: httpx.Client, code: str) -> str:
    reply = client.post(f"/api/v1/exercises/{EXERCISE.slug}/submissions", json={"code": code})
    assert reply.status_code == 202, reply.text
    return str(reply.json()["url"])


def verdict_pushed(client: httpx.Client, url: str) -> str:
    """The verdict as the browser gets it: the event stream's last event."""
    with client.stream("GET", f"{url}/events", timeout=60) as stream:
        event = ""
        for line in stream.iter_lines():
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: ") and event == "verdict":
                return str(json.loads(line[6:])["verdict"])
    raise AssertionError("the stream ended without a verdict")


def status_of(client: httpx.Client, url: str) -> str:
    return str(client.get(url).json()["status"])


def metric(text: str, name: str, **labels: str) -> float:
    wanted = ",".join(f'{key}="{value}"' for key, value in labels.items())
    for line in text.splitlines():
        if line.startswith(f"{name}{{{wanted}}} ") or (not labels and line.startswith(name + " ")):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_submissions_are_graded_in_the_grading_process(server: Server) -> None:
    """The sandbox's slots live under the grading process, not the web process; the
    verdict is pushed to the stream and counted in the web process's /metrics."""
    assert server.process is not None
    child = grading_process(server)
    assert sandbox_zygotes_below(child), "the grading process runs the sandbox slots"
    outside = set(sandbox_zygotes_below(server.process.pid)) - set(sandbox_zygotes_below(child))
    assert not outside, "no sandbox slot in the web process before anyone ran code"
    with learner(server, "ada@example.com") as client:
        assert verdict_pushed(client, submit(client, EXERCISE.solution)) == "passed"
        wrong = EXERCISE.wrong_solutions[0][1]
        assert verdict_pushed(client, submit(client, wrong)) == "failed"
        scraped = client.get("/metrics").text
        assert metric(scraped, "pyroad_verdicts_total", verdict="passed") == 1
        assert metric(scraped, "pyroad_verdicts_total", verdict="failed") == 1
        assert metric(scraped, "pyroad_grading_latency_seconds_count") == 2
        assert metric(scraped, "pyroad_sandbox_slots", state="free") >= 1
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.json()["grading"] == "ok", ready.text
        # A learner's own run is served by the web process's sandbox, graded nothing.
        ran = client.post("/api/v1/run", json={"code": "print('hi')", "stdin": ""}).json()
        assert ran["stdout"] == "hi\n", ran
    assert grading_process(server) == child


def test_a_grading_process_killed_mid_grading_is_replaced_and_loses_nothing(
    server: Server,
) -> None:
    """SIGKILL the grading process while it grades one submission and another waits: its
    replacement takes both back (it is the only grader), and one submitted while no
    grading process runs is graded too."""
    first = grading_process(server)
    with learner(server, "bob@example.com") as client:
        running_one, waiting_one = submit(client, SLOW), submit(client, SLOW)
        deadline = time.monotonic() + 30
        while status_of(client, running_one) != "running":
            assert time.monotonic() < deadline, "never started grading"
            time.sleep(0.05)
        os.kill(first, signal.SIGKILL)
        during = submit(client, EXERCISE.solution)  # its doorbell may ring a dead pipe
        second = grading_process(server, other_than=first)
        for url in (running_one, waiting_one, during):
            assert verdict_pushed(client, url) == "passed", url
        ready = client.get("/readyz")
        assert ready.status_code == 200, ready.text
    assert not sandbox_zygotes_below(first)
    assert "the grading process exited (code -9); starting another" in server.printed()
    assert grading_process(server) == second


@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL", "SIGTERM to the group"])
def test_the_grading_process_never_outlives_the_server(tmp_path: Path, how: str) -> None:
    """SIGTERM: the server stops it; SIGKILL (no time to): it notices and stops itself,
    its sandbox slots with it; SIGTERM to the whole group (systemd's default): it leaves
    the stopping to the server instead of dying at once and being replaced."""
    server = Server(tmp_path / "data").start()
    left: list[int] = []
    try:
        assert server.process is not None
        child = grading_process(server)
        left = [child, *descendants(child)]
        if how == "SIGTERM to the group":
            os.killpg(server.process.pid, signal.SIGTERM)
        else:
            os.kill(server.process.pid, getattr(signal, how))
        # uvicorn re-raises SIGTERM once it has shut down gracefully: -15, not 0.
        expected = (-signal.SIGKILL,) if how == "SIGKILL" else (0, -signal.SIGTERM)
        assert server.process.wait(timeout=30) in expected
        assert "starting another" not in server.printed()
        deadline = time.monotonic() + 30
        while alive := [pid for pid in left if running(pid)]:
            assert time.monotonic() < deadline, f"{alive} outlived pyroad serve ({how!r})"
            time.sleep(0.1)
    finally:
        server.kill()
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def test_a_grading_process_that_cannot_start_stops_pyroad_with_its_reason(
    tmp_path: Path,
) -> None:
    """The web process starts (its sandbox for runs is lazy) but grading cannot: pyroad
    says why and exits instead of serving submissions nobody will grade."""
    broken = subprocess.run(
        [str(PYROAD), "serve", "--host", "127.0.0.1", "--port", str(free_port())],
        cwd=PROJECT_ROOT,
        env={
            **os.environ,
            "PYROAD_DATA_DIR": str(tmp_path / "data"),
            "PYROAD_SANDBOX": "unsafe-subprocess",  # refused without PYROAD_UNSAFE_DEV_SANDBOX
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert broken.returncode != 0
    assert "PYROAD_SANDBOX=unsafe-subprocess runs learner code without isolation" in broken.stderr
    assert "the grading process could not start" in broken.stderr
    assert "pyroad is ready" not in broken.stdout


def test_restart_pauses_double_while_processes_die_young() -> None:
    pause = RestartPause()
    assert [pause.after_death(1.0) for _ in range(8)] == [0.5, 1, 2, 4, 8, 16, 30, 30]
    assert pause.after_death(RestartPause.YOUNG_S + 1) == 0
    assert pause.after_death(0.1) == RestartPause.FIRST_S


def test_submissions_are_accepted_while_the_grading_process_is_stuck(server: Server) -> None:
    """A grading process that does not read its pipe (stopped here) holds up no request:
    submissions are stored and answered 202 at once, and graded once it goes on."""
    child = grading_process(server)
    with learner(server, "cy@example.com") as client:
        os.kill(child, signal.SIGSTOP)
        try:
            urls = []
            for _ in range(25):  # one waiting on the stopped child would hit the client's timeout
                urls.append(submit(client, EXERCISE.solution))
            assert all(status_of(client, url) == "queued" for url in urls)
        finally:
            os.kill(child, signal.SIGCONT)
        assert [verdict_pushed(client, url) for url in urls] == ["passed"] * len(urls)
    assert grading_process(server) == child

"""``pyroad serve --workers N`` (``web.processes``): every process gets its share of the
connections however they arrive, a process that dies is replaced, SIGTERM stops them all,
and a second pyroad on the same port is refused instead of sharing it."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pyroad.config import PROJECT_ROOT
from tests.server import PYROAD, Server, free_port, running, spawned_children

CONNECTIONS = 16


@pytest.fixture
def two_processes(tmp_path: Path) -> Iterator[Server]:
    server = Server(tmp_path / "data", workers=2).start()
    try:
        yield server
    finally:
        server.stop()


def web_processes(server: Server) -> list[int]:
    """The serving children of the ``pyroad serve`` process."""
    assert server.process is not None
    return spawned_children(server.process.pid)


def established_on(port: int) -> set[int]:
    """Socket inodes of the server ends of established connections on ``port``."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port == port and fields[3] == "01":
                inodes.add(int(fields[9]))
    return inodes


def sockets_of(pid: int) -> set[int]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = str(fd.readlink())
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(int(target[8:-1]))
    return inodes


def wait_for_processes(server: Server, count: int, timeout: float = 60) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = web_processes(server)
        if len(pids) == count:
            return pids
        time.sleep(0.2)
    raise AssertionError(f"expected {count} web processes, found {web_processes(server)}")


def test_connections_arriving_while_a_process_is_busy_are_still_shared(
    two_processes: Server,
) -> None:
    """A class connecting while one process is busy (here: stopped for the moment): with
    one shared listening socket the other process accepted every connection and kept them
    (seen in bench/load.py: one run in three served from one process of two); with each
    process's own SO_REUSEPORT socket the kernel queues some for the busy one."""
    busy, free = wait_for_processes(two_processes, 2)
    for _ in range(40):  # both have started serving
        assert httpx.get(f"{two_processes.url}/healthz", timeout=10).status_code == 200
    os.kill(busy, signal.SIGSTOP)
    try:
        clients = [
            socket.create_connection(("127.0.0.1", two_processes.port), timeout=30)
            for _ in range(CONNECTIONS)
        ]
        for client in clients:
            client.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        time.sleep(0.5)  # the free process accepts what it can meanwhile
    finally:
        os.kill(busy, signal.SIGCONT)
    try:
        for client in clients:
            assert client.recv(64).startswith(b"HTTP/1.1 200"), "every connection is answered"
        held = established_on(two_processes.port)
        shares = {pid: len(sockets_of(pid) & held) for pid in (busy, free)}
    finally:
        for client in clients:
            client.close()
    assert sum(shares.values()) == CONNECTIONS, shares
    assert all(share >= 1 for share in shares.values()), shares


def test_a_web_process_that_dies_is_replaced(two_processes: Server) -> None:
    first, second = wait_for_processes(two_processes, 2)
    os.kill(first, 9)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        pids = web_processes(two_processes)
        if len(pids) == 2 and first not in pids:
            break
        time.sleep(0.2)
    else:
        raise AssertionError(f"not replaced: {web_processes(two_processes)}")
    assert second in pids
    assert "exited (code -9); starting another" in two_processes.printed()
    for _ in range(20):
        assert httpx.get(f"{two_processes.url}/healthz", timeout=10).status_code == 200


def test_sigterm_stops_every_process(tmp_path: Path) -> None:
    server = Server(tmp_path / "data", workers=2).start()
    pids = wait_for_processes(server, 2)
    server.stop()  # SIGTERM to the supervisor only
    assert server.process is not None and server.process.returncode == 0
    for pid in pids:
        assert not running(pid), f"web process {pid} outlived its supervisor"


def test_a_second_pyroad_on_the_same_port_is_refused(two_processes: Server, tmp_path: Path) -> None:
    """SO_REUSEPORT would let it join the first one's sockets and take half its
    connections; it is refused with the reason instead."""
    other = subprocess.run(
        [
            *(str(PYROAD), "serve", "--host", "127.0.0.1"),
            *("--port", str(two_processes.port), "--workers", "2"),
        ],
        cwd=PROJECT_ROOT,
        env={**two_processes.env, "PYROAD_DATA_DIR": str(tmp_path / "other")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert other.returncode == 1
    assert f"cannot listen on 127.0.0.1:{two_processes.port}" in other.stderr
    assert "--port" in other.stderr
    assert httpx.get(f"{two_processes.url}/healthz", timeout=10).status_code == 200


def test_processes_that_cannot_start_stop_the_supervisor_with_their_reason(
    tmp_path: Path,
) -> None:
    """Broken settings fail every process alike: no restart loop, exit 1, the reason shown."""
    broken = subprocess.run(
        [str(PYROAD), "serve", "--host", "127.0.0.1", "--port", str(free_port()), "--workers", "2"],
        cwd=PROJECT_ROOT,
        env={
            **os.environ,
            "PYROAD_DATA_DIR": str(tmp_path / "data"),
            "PYROAD_DATABASE_URL": "nosuchdatabase://somewhere/pyroad",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert broken.returncode == 1, broken.stderr[-2000:]
    assert "nosuchdatabase" in broken.stderr
    assert "could not start" in broken.stderr
    assert "starting another" not in broken.stderr


def test_web_processes_stop_when_their_supervisor_is_killed(tmp_path: Path) -> None:
    """SIGKILL leaves the supervisor no time to stop them: they notice and stop themselves,
    so the port is free for the next ``pyroad serve``."""
    server = Server(tmp_path / "data", workers=2).start()
    pids: list[int] = []
    try:
        pids = wait_for_processes(server, 2)
        assert server.process is not None
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait()
        deadline = time.monotonic() + 30
        while any(running(pid) for pid in pids):
            assert time.monotonic() < deadline, f"orphaned web processes {pids} still run"
            time.sleep(0.2)
        again = Server(tmp_path / "data", workers=2)
        again.port, again.url = server.port, server.url
        again.start()
        again.stop()
    finally:
        server.kill()  # nothing once the supervisor is gone: its orphans, should the test fail
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

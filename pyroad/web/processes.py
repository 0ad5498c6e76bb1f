"""``pyroad serve --workers N``: N web processes, each listening on its own socket.

uvicorn's own ``--workers`` shares one listening socket between its processes, and the
event loop of whichever process wakes first accepts every connection waiting (libuv
accepts until the queue is empty). A class's browsers connecting at once (or wrk's 16
connections) then often all land in one process while the others idle: measured here, one
run in three served a whole burst of reads from one process of two, at 60 % of the rate
of a balanced run. Here each process binds its own socket to the same address with
``SO_REUSEPORT``, and the kernel spreads new connections over them by a hash of the
connection's addresses, whatever the processes are doing.

The supervisor (the ``pyroad serve`` process) starts the processes, replaces one that dies
(pausing longer while they keep dying young), stops them all on SIGINT/SIGTERM (SIGTERM to
each: uvicorn's graceful shutdown, then SIGKILL after ``STOP_TIMEOUT_S``), and gives up
with the child's reason when one of the first cannot start (the address is taken, the
app's start-up failed): restarting it would only fail the same way. A process whose
supervisor died stops itself. Not done: uvicorn's health ping; a hung process keeps its
share of new connections.
"""

from __future__ import annotations

import logging
import signal
import socket
import sys
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from typing import Any

from pyroad.children import RestartPause, spawn, stop_with_the_parent

log = logging.getLogger("pyroad.web")

STARTUP_FAILURE = 3  # uvicorn's exit code when a process could not start serving
STOP_TIMEOUT_S = 8.0  # within Docker's default 10 s stop grace


@dataclass(frozen=True)
class Target:
    """What each process serves: an ASGI app by import path, and uvicorn's options."""

    app: str
    host: str
    port: int
    factory: bool
    options: dict[str, Any]


def listening_socket(host: str, port: int, backlog: int = 2048) -> socket.socket:
    """A socket on (host, port) that other processes of this user may bind too; the kernel
    balances connections between them (Linux ≥ 3.9)."""
    sock = socket.socket(_family(host), socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
        sock.listen(backlog)
    except OSError:
        sock.close()
        raise
    return sock


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def check_free(host: str, port: int) -> None:
    """Raise OSError when something listens on (host, port) already. The processes' own
    sockets would join another ``SO_REUSEPORT`` listener of this user (a second pyroad on
    the same port) and share its connections; a plain bind is refused instead."""
    with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is free
        probe.bind((host, port))


def _serve_one(target: Target) -> None:
    """One web process (runs in the child)."""
    import uvicorn

    stop_with_the_parent()  # orphans would keep serving the port
    try:
        sock = listening_socket(target.host, target.port)
    except OSError as error:
        print(_cannot_listen(target, error), file=sys.stderr, flush=True)
        raise SystemExit(STARTUP_FAILURE) from None
    config = uvicorn.Config(target.app, factory=target.factory, **target.options)
    try:
        config.load()  # the app's import and factory: uvicorn would let a failure escape (exit 1)
    except Exception:
        traceback.print_exc()
        raise SystemExit(STARTUP_FAILURE) from None
    uvicorn.Server(config).run(sockets=[sock])  # exits STARTUP_FAILURE if start-up fails


class Supervisor:
    """Keeps ``count`` web processes serving ``target`` until told to stop.

    A process that could not start in the first round stops everything (the address is
    taken, the settings are broken: every try would fail alike); a replacement that fails
    (the database restarting, say) is tried again, after a pause that doubles while
    processes keep dying young (``children.RestartPause``).
    """

    def __init__(self, target: Target, count: int) -> None:
        self.target = target
        self.count = count
        self.processes: list[BaseProcess] = []
        self.first_round: set[int] = set()  # pids of the processes started at once
        self.started_at: dict[int, float] = {}
        self.pauses = [RestartPause() for _ in range(count)]
        self.due: list[float | None] = [None] * count  # when a dead one is replaced
        self.stopping = False  # set by a signal handler: a plain flag, no lock
        self.failed: str | None = None

    def run(self) -> int:
        """Serve until SIGINT/SIGTERM (0) or a process that cannot start (1)."""

        def stop(_signal: int, _frame: object) -> None:
            self.stopping = True

        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            for _ in range(self.count):
                self.processes.append(self._start())  # one by one: a failure stops those up
            self.first_round = {p.pid for p in self.processes if p.pid is not None}
            while not self.stopping:
                wait([p.sentinel for p in self.processes if p.exitcode is None], timeout=0.5)
                self._replace_the_dead()
        finally:
            self._stop_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if self.failed is not None:
            print(f"pyroad: {self.failed}; stopping", file=sys.stderr, flush=True)
            return 1
        return 0

    def _start(self) -> BaseProcess:
        process = spawn.Process(target=_serve_one, args=(self.target,), name="pyroad-web")
        process.start()
        if process.pid is not None:
            self.started_at[process.pid] = time.monotonic()
        return process

    def _replace_the_dead(self) -> None:
        now = time.monotonic()
        for index, process in enumerate(self.processes):
            if self.stopping:
                return
            if process.exitcode is None:
                continue
            due = self.due[index]
            if due is None:  # just found dead
                pid = process.pid or 0
                if process.exitcode == STARTUP_FAILURE and pid in self.first_round:
                    self.failed = f"web process {pid} could not start (the reason is above)"
                    self.stopping = True
                    return
                pause = self.pauses[index].after_death(now - self.started_at.pop(pid, now))
                due = self.due[index] = now + pause
                log.warning(
                    "web process %s exited (code %s); starting another in %g s",
                    pid,
                    process.exitcode,
                    pause,
                )
            if now >= due:
                self.due[index] = None
                self.processes[index] = self._start()

    def _stop_all(self) -> None:
        for process in self.processes:
            if process.exitcode is None and process.pid is not None:
                process.terminate()  # SIGTERM: uvicorn finishes what it is answering
        for process in self.processes:
            process.join(STOP_TIMEOUT_S)
            if process.exitcode is None:
                process.kill()
                process.join()


def serve(target: Target, count: int) -> int:
    """Run ``count`` web processes on ``target``'s address; the exit status."""
    try:
        check_free(target.host, target.port)
    except OSError as error:
        print(_cannot_listen(target, error), file=sys.stderr, flush=True)
        return 1
    return Supervisor(target, count).run()


def _cannot_listen(target: Target, error: OSError) -> str:
    return (
        f"pyroad: cannot listen on {target.host}:{target.port}: {error.strerror or error}"
        " (is another program or pyroad using this port? choose another with --port)"
    )

"""The embedded default's grader: a child process of the web process, fed through a pipe.

Grading is Python work around the sandbox (claiming a submission, talking to the sandbox
slot, checking results, the learner model's reads and writes). On the web process's threads
it competed for one GIL with every request: in a burst (bench/load.py, 100 learners × 10
submissions) the web process sat at one core while the machine had two. In a process of its
own it runs on the other core, as ``pyroad worker`` does in production, with nothing more to
install: the queue is still in memory (a dramatiq StubBroker in the child), and the doorbell
that rings it is a pipe instead of a function call.

The database stays the source of truth, so the pipe may lose nothing that matters: a
submission is committed before its id is sent; ids sent to a child that has died are
dropped, and the child that replaces it takes back every submission left queued or running
when it starts (it is the only grader, so "running" means abandoned). The child tells the
web process what changed (its event streams wake at once, as when grading was in-process),
each verdict's figures (``/metrics`` counts them where it is scraped) and its sandbox
slots. It stops when the web process closes the pipe or dies, even by SIGKILL.

Parent → child: a submission id, or None (stop). Child → parent: ``("ready",)``,
``("changed", id)``, ``("verdict", verdict, submit_to_verdict_s, run_s)``,
``("slots", busy, free)``.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any

from pyroad.children import RestartPause, spawn, stop_with_the_parent
from pyroad.config import Settings

if TYPE_CHECKING:
    from pyroad.grading.sandbox import Sandbox
    from pyroad.platform import Platform

log = logging.getLogger("pyroad.grading")

START_TIMEOUT_S = 600.0  # a first start in a container copies the sandbox runtime (~90 s)
STOP_TIMEOUT_S = 7.0  # in all; the child waits up to 5 s for gradings in flight
PARENT_GONE = signal.SIGUSR1  # what the child's watch sends it when the web process died
SLOTS_EVERY_S = 1.0  # how often the child looks whether its slot counts changed

Message = tuple[Any, ...]


class GradingUnavailable(RuntimeError):
    """The grading process could not start."""


class GradingProcess:
    """Starts the child, sends it submission ids, hears from it, replaces it when it dies.

    ``enqueue`` never blocks the caller (a request's thread): ids go through a queue that
    one thread writes to the pipe.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._changed: Callable[[int], None] = _ignore
        self._verdict: Callable[[str, float | None, float], None] = _ignore
        self._outbox: queue.SimpleQueue[int | None] = queue.SimpleQueue()
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._started_at = 0.0
        self._pause = RestartPause()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._pipe_lock = threading.Lock()
        self.ready = False  # the current child grades
        self.slots: tuple[int, int] | None = None  # its sandbox slots: busy, free

    def begin(self) -> None:
        """Start the child (it builds its platform while the web process builds its own)."""
        self._spawn()

    def wait_until_ready(
        self,
        changed: Callable[[int], None],
        verdict: Callable[[str, float | None, float], None],
        timeout: float = START_TIMEOUT_S,
    ) -> None:
        """Wait until the child grades, then hear it from now on: ``changed`` with each
        submission it changed, ``verdict`` with each verdict's figures. GradingUnavailable
        if it dies first (its reason, a traceback, is on stderr above)."""
        self._changed, self._verdict = changed, verdict
        deadline = time.monotonic() + timeout
        while not self.ready:
            if not self._hear(deadline - time.monotonic()):
                code = self._end_child(time.monotonic())
                raise GradingUnavailable(
                    f"the grading process could not start (exit code {code}; the reason is above)"
                )
            if time.monotonic() > deadline:
                self._end_child(time.monotonic())
                raise GradingUnavailable(f"the grading process was not ready in {timeout:g} s")
        for target, name in ((self._send, "grading-send"), (self._listen, "grading-listen")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def enqueue(self, submission_id: int) -> None:
        """Ring the doorbell for a committed submission (never blocks)."""
        self._outbox.put(submission_id)

    def stop(self) -> None:
        """Tell the child to stop and wait for it: SIGKILL once ``STOP_TIMEOUT_S`` in all
        have passed (what it was grading is taken back at the next start)."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        deadline = time.monotonic() + STOP_TIMEOUT_S
        self._outbox.put(None)  # after every id already queued
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        self._end_child(deadline)

    # The parent's two threads. Neither may die: a dead listener would never replace a
    # child, a dead sender would leave every submission to the timed sweep.

    def _send(self) -> None:
        while True:
            item = self._outbox.get()
            with self._pipe_lock:  # not closed while we write (see _end_child)
                conn = self._conn
                if conn is not None:
                    # A child that is gone loses it: its replacement takes back what is queued.
                    with contextlib.suppress(Exception):
                        conn.send(item)
            if item is None:
                return

    def _listen(self) -> None:
        while not self._stopping.is_set():
            try:
                if self._hear(1.0):
                    if not self.ready and time.monotonic() - self._started_at > START_TIMEOUT_S:
                        log.error("the grading process was not ready in %g s", START_TIMEOUT_S)
                    else:
                        continue
            except Exception:
                log.exception("lost touch with the grading process")
            if self._stopping.is_set():
                return
            lived = time.monotonic() - self._started_at
            code = self._end_child(time.monotonic())
            pause = self._pause.after_death(lived)
            log.warning(
                "the grading process exited (code %s); starting another in %g s", code, pause
            )
            if self._stopping.wait(pause):
                return
            try:
                self._spawn()
            except Exception:
                log.exception("could not start a grading process")
                self._started_at = time.monotonic()

    def _hear(self, timeout: float | None) -> bool:
        """Handle what the child says until ``timeout``; False once the child has ended
        (what it said before is handled first)."""
        conn, process = self._conn, self._process
        if conn is None or process is None:
            return False
        ready = wait([conn, process.sentinel], timeout)
        if conn in ready:
            try:
                while conn.poll():
                    message = conn.recv()
                    try:
                        self._handle(message)
                    except Exception:
                        log.exception("handling %r from the grading process failed", message[:1])
            except (EOFError, OSError):
                return False
            return True
        return not ready  # timed out (still alive), or the sentinel: it ended

    def _handle(self, message: Message) -> None:
        kind = message[0]
        if kind == "changed":
            self._changed(message[1])
        elif kind == "verdict":
            self._verdict(message[1], message[2], message[3])
        elif kind == "slots":
            self.slots = (message[1], message[2])
        elif kind == "ready":
            self.ready = True

    def _spawn(self) -> None:
        parent_end, child_end = spawn.Pipe(duplex=True)
        # Daemonic: should this process exit without stopping it (a second Ctrl-C that skips
        # the app's shutdown), multiprocessing terminates it instead of waiting for it.
        process = spawn.Process(
            target=_grade_here, args=(self.settings, child_end), name="pyroad-grading", daemon=True
        )
        try:
            process.start()
        except BaseException:
            parent_end.close()
            raise
        finally:
            child_end.close()  # the child holds it now: its exit closes the pipe
        self.ready, self.slots = False, None
        with self._pipe_lock:
            self._process, self._conn = process, parent_end
        self._started_at = time.monotonic()
        log.info("grading process %s started", process.pid)

    def _end_child(self, deadline: float) -> int | None:
        """Make sure the current child has ended, waiting for it until ``deadline`` (it
        ignores SIGTERM: SIGKILL then); its exit code."""
        process = self._process
        self.ready, self.slots = False, None
        code = None
        if process is not None:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.exitcode is None:
                process.kill()
                process.join()
            code = process.exitcode
        with self._pipe_lock:  # a send blocked on the dead child's pipe has failed by now
            if self._conn is not None:
                self._conn.close()
            self._process, self._conn = None, None
        return code


def begin_grading(settings: Settings, sandbox: Sandbox | None = None) -> GradingProcess | None:
    """Start the embedded worker's grading process, unless it is turned off, or on a real
    broker (``pyroad worker`` is the way there), or given a sandbox (usable only in this
    process): None then, and the embedded worker grades on this process's threads."""
    if not (settings.grading_process and settings.broker == "memory" and sandbox is None):
        return None
    from pyroad.grading.cgroups import settle

    settle()  # cgroup v2: both processes' sandboxes make their run cgroups beside a leaf
    child = GradingProcess(settings)
    child.begin()
    return child


def _ignore(*_args: object) -> None:
    pass


# The child.


def _grade_here(settings: Settings, conn: Connection) -> None:
    """The child's main: grade what the pipe rings for until told to stop."""
    # Signals first, before the heavy imports. The parent decides when this process stops
    # (by the pipe): SIGINT from a terminal's Ctrl-C and SIGTERM sent to the whole group
    # (systemd, `kill -- -PGID`) reach the parent too, which stops it in order; stopping
    # here on them would only get this process replaced while the parent shuts down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(PARENT_GONE, _stop_now)
    stop_with_the_parent(PARENT_GONE)

    from pyroad import heap
    from pyroad.observability.logs import configure_logging
    from pyroad.platform import build_platform

    configure_logging(settings)
    lock = threading.Lock()

    def tell(*message: Any) -> None:
        with lock, contextlib.suppress(OSError, ValueError):  # the parent gone: stopping
            conn.send(message)

    platform = build_platform(settings)
    platform.change_listeners.append(lambda submission_id: tell("changed", submission_id))
    platform.verdict_sink = lambda *figures: tell("verdict", *figures)
    done = threading.Event()
    try:
        platform.start_workers()
        heap.settle()
        tell("ready")
        threading.Thread(
            target=_report_slots, args=(platform, tell, done), name="slots", daemon=True
        ).start()
        while (submission_id := conn.recv()) is not None:
            platform.queue.enqueue(submission_id)
    except (EOFError, SystemExit):
        pass  # the parent closed the pipe, or is gone
    finally:
        signal.signal(PARENT_GONE, signal.SIG_IGN)  # the stop below is the graceful one
        done.set()
        platform.close()


def _stop_now(_signal: int, _frame: object) -> None:
    raise SystemExit(0)


def _report_slots(platform: Platform, tell: Callable[..., None], done: threading.Event) -> None:
    sandbox = platform.grader.sandbox if platform.grader is not None else None
    counter: Any = getattr(sandbox, "slot_counts", None)
    last = None
    while counter is not None and not done.wait(0 if last is None else SLOTS_EVERY_S):
        counts = tuple(int(n) for n in counter())
        if counts != last:
            tell("slots", *counts)
            last = counts

"""The running platform: settings, database, curriculum, grader and queue, wired once.

The web app, the worker command and the tests all build one ``Platform``; nothing else
holds global state.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from pyroad import shared_limits
from pyroad.accounts.services import purge_expired_tokens
from pyroad.accounts.throttle import LoginThrottle, ResetThrottle
from pyroad.authoring import live as live_catalog
from pyroad.config import Settings
from pyroad.curriculum.loader import ContentProblem, load_catalog
from pyroad.curriculum.model import Catalog
from pyroad.db import make_engine, make_session_factory, pool_size_for, transaction
from pyroad.grading.factory import make_sandbox
from pyroad.grading.grader import Grader
from pyroad.grading.sandbox import Sandbox
from pyroad.grading_process import GradingProcess
from pyroad.migrate import upgrade
from pyroad.observability import metrics
from pyroad.observability.logs import get_logger
from pyroad.queue import GradingQueue
from pyroad.ratelimit import RateLimiter
from pyroad.running.runner import Runner
from pyroad.submissions import tasks
from pyroad.submissions.backpressure import QueueGate
from pyroad.submissions.services import recoverable

log = logging.getLogger("pyroad")

# Grading threads per sandbox slot: while one thread stores a verdict and claims the next
# submission (database round trips, Python-side checks), another keeps the slot running
# learner code. With one thread per slot, the slots sat idle for that time (bench/load.py).
THREADS_PER_SLOT = 2
SWEEP_JOIN_S = 10.0  # a sweep is a few statements; waited for at close, within reason
events = get_logger("pyroad.submissions")


@dataclass
class Platform:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    catalog: Catalog
    content_problems: list[ContentProblem]
    queue: GradingQueue
    grader: Grader | None = None
    login_throttle: LoginThrottle = field(default_factory=LoginThrottle)
    reset_throttle: ResetThrottle = field(default_factory=ResetThrottle)
    # A sandbox handed in by the caller (tests share one warm pool); not closed by us.
    shared_sandbox: Sandbox | None = None
    _sweeper: threading.Timer | None = field(default=None, repr=False)
    # Called with a submission id when this process recorded a change to it (partial results,
    # a verdict): the event streams of this process wake at once instead of at their next poll.
    change_listeners: list[Callable[[int], None]] = field(default_factory=list, repr=False)
    # Where a verdict's figures go (verdict, submit→verdict s, run s): this process's metrics,
    # or, in the embedded grading process, the web process that serves /metrics.
    verdict_sink: Callable[[str, float | None, float], None] = field(
        default=metrics.observe_verdict, repr=False
    )
    # The embedded default: grading in a child process (see pyroad/grading_process.py).
    grading_process: GradingProcess | None = field(default=None, repr=False)
    _expectations_grader: Grader | None = field(default=None, repr=False)
    _stopped: threading.Event = field(default_factory=threading.Event, repr=False)

    runner: Runner = field(init=False, repr=False)
    run_limiter: RateLimiter = field(init=False, repr=False)
    submit_limiter: RateLimiter = field(init=False, repr=False)
    queue_gate: QueueGate = field(init=False, repr=False)

    def changed(self, submission_id: int) -> None:
        """Tell this process's listeners a submission changed (never raises)."""
        for listener in list(self.change_listeners):
            try:
                listener(submission_id)
            except Exception:
                log.exception("a submission-change listener failed")

    def __post_init__(self) -> None:
        # Learners' own runs use the grader's sandbox when this process grades, else their own.
        self.runner = Runner(
            self.settings, lambda: self.grader.sandbox if self.grader else self.shared_sandbox
        )
        settings = self.settings
        url = shared_limits.store_url(settings)
        if url is None:
            self.run_limiter = RateLimiter(settings.runs_per_minute, settings.runs_at_once, "runs")
            self.submit_limiter = RateLimiter(settings.submissions_per_minute, noun="submissions")
        else:  # one allowance across every process (see pyroad/shared_limits.py)
            shared = shared_limits.Shared(url, settings.sqlalchemy_url)
            self.run_limiter = shared_limits.SharedRateLimiter(
                shared, settings.runs_per_minute, settings.runs_at_once, "runs"
            )
            self.submit_limiter = shared_limits.SharedRateLimiter(
                shared, settings.submissions_per_minute, noun="submissions"
            )
            self.login_throttle = shared_limits.SharedLoginThrottle(shared)
            self.reset_throttle = shared_limits.shared_reset_throttle(shared)
        self.queue_gate = QueueGate(self.sessions, settings.queue_limit)
        event.listen(self.engine, "checkin", self._close_late_connections)

    def _close_late_connections(self, dbapi_connection: Any, record: Any) -> None:
        """After :meth:`close`, a connection given back is closed, not pooled (see close)."""
        if self._stopped.is_set() and dbapi_connection is not None:
            record.invalidate()

    def submit(self, submission_id: int) -> None:
        """Ring the doorbell for a committed submission."""
        (self.grading_process or self.queue).enqueue(submission_id)
        events.info("submission queued", submission_id=submission_id)

    def start_grading_process(self, process: GradingProcess) -> None:
        """Grade in ``process``, a child of this one begun by ``begin_grading`` (the embedded
        default; it built its platform while this one was built); returns once it grades,
        or raises GradingUnavailable with the reason. The child takes back what an earlier
        run left."""
        try:
            process.wait_until_ready(changed=self.changed, verdict=self.verdict_sink)
        except BaseException:
            process.stop()
            raise
        self.grading_process = process

    def expectations_grader(self) -> Grader | None:
        """A grader for reference expectations in this process: the one grading here, else
        one on the sandbox this process runs learners' code in, when a grading process of its
        own means this process has one to spare (None in a web-only production process)."""
        if self.grader is not None:
            return self.grader
        if self.grading_process is None:
            return None
        if self._expectations_grader is None:
            sandbox, _places = self.runner.sandbox()
            self._expectations_grader = Grader(sandbox)
        return self._expectations_grader

    def start_workers(self) -> None:
        """Start grading in this process (embedded default, or ``pyroad worker``)."""
        self.grader = Grader(self.shared_sandbox or make_sandbox(self.settings))
        self.queue.start_workers(self.settings.workers * THREADS_PER_SLOT)
        # Alone on the in-process broker, nothing else can be grading: take back every
        # unfinished one. Beside other processes, leave running ones to the timed sweep.
        alone = self.settings.broker == "memory" and self.settings.web_processes == 1
        self.sweep(include_running=alone)
        self._schedule_sweep()

    def sweep(self, *, include_running: bool = False) -> int:
        """Re-enqueue submissions left queued or stuck running; returns how many."""
        with transaction(self.sessions) as session:
            ids = recoverable(session, self.settings.stuck_after_s, include_running=include_running)
            purge_expired_tokens(session)
        for submission_id in ids:
            self.queue.enqueue(submission_id)
        if ids:
            log.info("re-enqueued %d submission(s) left by an earlier run", len(ids))
        return len(ids)

    def _schedule_sweep(self) -> None:
        if self.closed:
            return
        self._sweeper = threading.Timer(max(5, self.settings.stuck_after_s / 2), self._sweep_tick)
        self._sweeper.daemon = True
        self._sweeper.start()

    def _sweep_tick(self) -> None:
        try:
            self.sweep()
        except Exception:
            log.exception("sweep failed")
        self._schedule_sweep()

    @property
    def closed(self) -> bool:
        return self._stopped.is_set()

    def close(self) -> None:
        """Stop sweeping and grading, then close the database connections.

        A sweep already running is waited for. A thread still holding a connection past
        this point (a grading that outlived the queue's stop timeout, a request's thread)
        would give it back to a pool that ``dispose`` has let go, where it would stay open
        until the garbage collector found it: once closed, the platform closes every
        connection given back instead (``_close_late_connections``).
        """
        self._stopped.set()
        sweeper = None
        while self._sweeper is not sweeper:  # a tick finishing now may have scheduled one more
            sweeper = self._sweeper
            if sweeper is not None:
                sweeper.cancel()
                if sweeper is not threading.current_thread():
                    sweeper.join(timeout=SWEEP_JOIN_S)
        if self.grading_process is not None:
            self.grading_process.stop()
        self.queue.stop()
        self.runner.close()
        if self.grader is not None and self.shared_sandbox is None:
            self.grader.sandbox.close()
        self.engine.dispose()


def build_platform(settings: Settings, sandbox: Sandbox | None = None) -> Platform:
    """Migrate the database, load the curriculum and declare the queue (no workers yet)."""
    if settings.database_url == "":
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(
        settings.sqlalchemy_url,
        pool_size=settings.db_pool_size or pool_size_for(settings.workers * THREADS_PER_SLOT),
        pool_timeout=settings.db_pool_timeout_s,
    )
    upgrade(engine)
    catalog, problems = load_catalog(settings.curriculum_dir)
    for problem in problems:
        log.error("curriculum problem: %s (run `pyroad curriculum check`)", problem)
    holder: list[Platform] = []
    queue = GradingQueue(settings, lambda submission_id: tasks.grade(holder[0], submission_id))
    platform = Platform(
        settings=settings,
        engine=engine,
        sessions=make_session_factory(engine),
        catalog=catalog,
        content_problems=problems,
        queue=queue,
        shared_sandbox=sandbox,
    )
    holder.append(platform)
    live_catalog.attach(platform)  # published authored exercises, kept current
    return platform

"""The running platform: settings, database, curriculum, grader and queue, wired once.

The web app, the worker command and the tests all build one ``Platform``; nothing else
holds global state.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from pyroad.accounts.services import purge_expired_tokens
from pyroad.accounts.throttle import LoginThrottle
from pyroad.config import Settings
from pyroad.curriculum.loader import ContentProblem, load_catalog
from pyroad.curriculum.model import Catalog
from pyroad.db import make_engine, make_session_factory, transaction
from pyroad.grading.factory import make_sandbox
from pyroad.grading.grader import Grader
from pyroad.grading.sandbox import Sandbox
from pyroad.migrate import upgrade
from pyroad.queue import GradingQueue
from pyroad.submissions import tasks
from pyroad.submissions.services import recoverable

log = logging.getLogger("pyroad")


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
    # A sandbox handed in by the caller (tests share one warm pool); not closed by us.
    shared_sandbox: Sandbox | None = None
    _sweeper: threading.Timer | None = field(default=None, repr=False)
    _stopped: threading.Event = field(default_factory=threading.Event, repr=False)

    def submit(self, submission_id: int) -> None:
        """Ring the doorbell for a committed submission."""
        self.queue.enqueue(submission_id)

    def start_workers(self) -> None:
        """Start grading in this process (embedded default, or ``pyroad worker``)."""
        self.grader = Grader(self.shared_sandbox or make_sandbox(self.settings))
        self.queue.start_workers(self.settings.workers)
        self.sweep(include_running=self.settings.broker == "memory")
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
        if self._stopped.is_set():
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

    def close(self) -> None:
        self._stopped.set()
        if self._sweeper is not None:
            self._sweeper.cancel()
        self.queue.stop()
        if self.grader is not None and self.shared_sandbox is None:
            self.grader.sandbox.close()
        self.engine.dispose()


def build_platform(settings: Settings, sandbox: Sandbox | None = None) -> Platform:
    """Migrate the database, load the curriculum and declare the queue (no workers yet)."""
    if settings.database_url == "":
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.sqlalchemy_url)
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
    return platform

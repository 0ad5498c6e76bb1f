"""Back-pressure: when the grading queue is full, refuse new submissions (429) before storing.

The depth is read from the database (submissions still ``queued``), the source of truth
every web process and broker shares; the count is reused for half a second, so a burst of
refused submissions costs one indexed count, not one per request. Nothing is stored when a
submission is refused: the learner submits again after Retry-After.
"""

from __future__ import annotations

import math
import threading
import time

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from pyroad.errors import TooManyRequests
from pyroad.submissions.models import Submission, SubmissionStatus

REUSE_S = 0.5
FULL_QUEUE_WAIT_S = 15  # Retry-After when the queue is just full: half the time it holds


class QueueGate:
    """Admit submissions while fewer than ``limit`` wait to be graded."""

    def __init__(self, sessions: sessionmaker[Session], limit: int) -> None:
        self.sessions, self.limit = sessions, limit
        self._lock = threading.Lock()
        self._depth, self._read_at = 0, -math.inf

    def depth(self) -> int:
        """Submissions waiting to be graded (a count at most ``REUSE_S`` old)."""
        with self._lock:
            if time.monotonic() - self._read_at < REUSE_S:
                return self._depth
        with self.sessions() as session:
            waiting = session.scalar(
                select(func.count(Submission.id)).where(
                    Submission.status == SubmissionStatus.QUEUED
                )
            )
        with self._lock:
            self._depth, self._read_at = int(waiting or 0), time.monotonic()
            return self._depth

    def admit(self) -> None:
        """Raise ``TooManyRequests`` (nothing stored) while the queue holds ``limit`` or more."""
        waiting = self.depth()
        if waiting < self.limit:
            return
        wait = max(5, min(60, round(FULL_QUEUE_WAIT_S * waiting / self.limit)))
        raise TooManyRequests(
            f"the grading queue is full ({waiting} submissions are waiting), so your "
            f"submission was NOT saved; submit it again in {wait} seconds",
            retry_after=wait,
        )

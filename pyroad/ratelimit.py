"""Per-learner rate limits for work that costs a sandbox run: runs and submissions.

A sliding window (at most ``per_minute`` starts in any 60 seconds) and, for runs, a cap on
how many one learner may have going at once. Refusals are ``TooManyRequests`` carrying a
Retry-After in seconds and a sentence saying when to try again. Kept in memory, per process,
like the log-in throttle: a multi-process deployment multiplies the allowance.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from pyroad.errors import TooManyRequests

WINDOW_S = 60.0


class RateLimiter:
    """At most ``per_minute`` actions per key in any minute, ``at_once`` at the same time."""

    def __init__(
        self,
        per_minute: int,
        at_once: int | None = None,
        noun: str = "runs",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_minute, self.at_once, self.noun = per_minute, at_once, noun
        self._clock = clock
        self._starts: dict[int, deque[float]] = {}
        self._active: dict[int, int] = {}
        self._lock = threading.Lock()

    def record(self, key: int) -> None:
        """Count one action for ``key`` now, or raise ``TooManyRequests`` if over the limit."""
        with self._lock:
            self._admit(key)

    @contextmanager
    def hold(self, key: int) -> Iterator[None]:
        """Count one action and hold one of ``key``'s concurrent places while it runs."""
        with self._lock:
            going = self._active.get(key, 0)
            if self.at_once is not None and going >= self.at_once:
                raise TooManyRequests(
                    f"you already have {going} {self.noun} going; wait for "
                    f"{'it' if going == 1 else 'them'} to finish, then try again "
                    "(in about a second)",
                    retry_after=1,
                )
            self._admit(key)
            self._active[key] = going + 1
        try:
            yield
        finally:
            with self._lock:
                left = self._active.get(key, 1) - 1
                if left > 0:
                    self._active[key] = left
                else:
                    self._active.pop(key, None)

    def _admit(self, key: int) -> None:
        now = self._clock()
        starts = self._starts.setdefault(key, deque())
        while starts and starts[0] <= now - WINDOW_S:
            starts.popleft()
        if len(starts) >= self.per_minute:
            wait = max(1, math.ceil(starts[0] + WINDOW_S - now))
            raise TooManyRequests(
                f"too many {self.noun}: at most {self.per_minute} a minute; "
                f"try again in {wait} second{'s' if wait != 1 else ''}",
                retry_after=wait,
            )
        starts.append(now)
        if len(self._starts) > 10_000:  # forget learners idle for a minute, now and then
            for idle in [k for k, v in self._starts.items() if not v or v[-1] <= now - WINDOW_S]:
                del self._starts[idle]

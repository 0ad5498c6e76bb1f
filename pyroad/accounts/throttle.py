"""Slow down password guessing: too many failed log-ins for one e-mail → 429 for a while.

Kept in memory, per process (a multi-process deployment multiplies the allowance by its
process count; a shared store such as Redis would be the next step).
"""

from __future__ import annotations

import threading
import time
from collections import deque

from pyroad.errors import TooManyRequests


class LoginThrottle:
    def __init__(self, max_failures: int = 10, window_s: float = 900.0) -> None:
        self.max_failures, self.window_s = max_failures, window_s
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, email: str) -> None:
        """Raise ``TooManyRequests`` while ``email`` has too many recent failures."""
        with self._lock:
            recent = self._recent(email)
            if len(recent) >= self.max_failures:
                wait = int(recent[0] + self.window_s - time.monotonic()) + 1
                raise TooManyRequests(
                    f"too many failed log-ins for this e-mail; try again in {wait} seconds",
                    retry_after=wait,
                )

    def failed(self, email: str) -> None:
        with self._lock:
            self._recent(email).append(time.monotonic())

    def succeeded(self, email: str) -> None:
        with self._lock:
            self._failures.pop(email, None)

    def _recent(self, email: str) -> deque[float]:
        recent = self._failures.setdefault(email, deque())
        while recent and recent[0] < time.monotonic() - self.window_s:
            recent.popleft()
        return recent

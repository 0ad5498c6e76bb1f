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


class RequestThrottle:
    """At most ``limit`` requests per key in a sliding window: 429 with Retry-After beyond.

    Used for password-reset requests, keyed by e-mail and by client address: it bounds the
    mail one address can receive and the requests one client can make.
    """

    def __init__(self, limit: int, window_s: float, what: str) -> None:
        self.limit, self.window_s, self.what = limit, window_s, what
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> None:
        """Count a request for ``key``, or raise ``TooManyRequests`` (uncounted) when over."""
        now = time.monotonic()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window_s:
                hits.popleft()
            if len(hits) >= self.limit:
                wait = int(hits[0] + self.window_s - now) + 1
                raise TooManyRequests(
                    f"too many {self.what}; try again in {wait} seconds", retry_after=wait
                )
            hits.append(now)
            if len(self._hits) > 10_000:  # forget idle keys so memory stays bounded
                self._forget_idle(now)

    def _forget_idle(self, now: float) -> None:
        idle = [
            key for key, hits in self._hits.items() if not hits or hits[-1] <= now - self.window_s
        ]
        for key in idle:
            del self._hits[key]


class ResetThrottle:
    """Password-reset requests: 5 per e-mail per hour, 20 per client address per hour."""

    def __init__(self, per_email: int = 5, per_client: int = 20, window_s: float = 3600.0) -> None:
        self.by_email = RequestThrottle(per_email, window_s, "reset requests for this e-mail")
        self.by_client = RequestThrottle(per_client, window_s, "reset requests from your address")

    def hit(self, email: str, client: str) -> None:
        self.by_client.hit(client)
        self.by_email.hit(email)

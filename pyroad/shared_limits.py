"""Rate limits in a shared store (Redis), through the maintained `limits` library.

With several web processes, in-memory counters multiply every allowance by the process
count. When a store is configured (``PYROAD_RATE_LIMIT_URL``, or the Redis broker's URL
when ``PYROAD_BROKER=redis``), the per-learner submission/run minute, the log-in throttle
and the password-reset throttle count in that store instead, with a moving window, so all
processes share one allowance. Without one, the in-memory classes serve (the default).

What stays per process: how many runs one learner has going at once (runs execute in the
process that accepted them). If the store cannot be reached, a limit is enforced in this
process's memory meanwhile (logged), rather than refusing or waving everything through.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from typing import cast

from limits import RateLimitItem, parse
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from pyroad.accounts.throttle import LoginThrottle, RequestThrottle, ResetThrottle
from pyroad.config import Settings
from pyroad.errors import TooManyRequests
from pyroad.ratelimit import WINDOW_S, RateLimiter

log = logging.getLogger("pyroad.limits")


def store_url(settings: Settings) -> str | None:
    """The shared store's URL, or None for in-memory limits."""
    if settings.rate_limit_url:
        return settings.rate_limit_url
    if settings.broker == "redis":
        return settings.broker_url or "redis://127.0.0.1:6379/0"
    return None


class Shared:
    """One `limits` moving-window limiter on one store, keys namespaced per installation."""

    def __init__(self, url: str, namespace: str) -> None:
        self.storage = cast(Storage, storage_from_string(url))  # a sync URL: a sync store
        self.limiter = MovingWindowRateLimiter(self.storage)
        # Two installations sharing a Redis (or a test run) never share a learner's count.
        self.namespace = hashlib.blake2b(namespace.encode(), digest_size=6).hexdigest()

    def hit(self, item: RateLimitItem, *key: str) -> int | None:
        """Count one; None when admitted, else the seconds until there is room again."""
        if self.limiter.hit(item, self.namespace, *key):
            return None
        return self.wait(item, *key)

    def test(self, item: RateLimitItem, *key: str) -> int | None:
        """Like ``hit`` without counting."""
        if self.limiter.test(item, self.namespace, *key):
            return None
        return self.wait(item, *key)

    def wait(self, item: RateLimitItem, *key: str) -> int:
        reset = self.limiter.get_window_stats(item, self.namespace, *key).reset_time
        return max(1, math.ceil(reset - time.time()))

    def clear(self, item: RateLimitItem, *key: str) -> None:
        self.limiter.clear(item, self.namespace, *key)


def per(count: int, seconds: float) -> RateLimitItem:
    return parse(f"{count} per {math.ceil(seconds)} seconds")


class SharedRateLimiter(RateLimiter):
    """``RateLimiter`` whose minute is counted in the shared store."""

    def __init__(
        self, shared: Shared, per_minute: int, at_once: int | None = None, noun: str = "runs"
    ) -> None:
        super().__init__(per_minute, at_once, noun)
        self.shared, self.item = shared, per(per_minute, WINDOW_S)

    def _admit(self, key: int) -> None:
        try:
            wait = self.shared.hit(self.item, self.noun, str(key))
        except Exception:
            log.warning("rate-limit store unreachable; counting %s in memory", self.noun)
            super()._admit(key)
            return
        if wait is not None:
            raise TooManyRequests(
                f"too many {self.noun}: at most {self.per_minute} a minute; "
                f"try again in {wait} second{'s' if wait != 1 else ''}",
                retry_after=wait,
            )


class SharedLoginThrottle(LoginThrottle):
    """``LoginThrottle`` whose failures are counted in the shared store."""

    def __init__(self, shared: Shared, max_failures: int = 10, window_s: float = 900.0) -> None:
        super().__init__(max_failures, window_s)
        self.shared, self.item = shared, per(max_failures, window_s)

    def check(self, email: str) -> None:
        try:
            wait = self.shared.test(self.item, "login", email)
        except Exception:
            log.warning("rate-limit store unreachable; counting log-in failures in memory")
            super().check(email)
            return
        if wait is not None:
            raise TooManyRequests(
                f"too many failed log-ins for this e-mail; try again in {wait} seconds",
                retry_after=wait,
            )

    def failed(self, email: str) -> None:
        try:
            self.shared.hit(self.item, "login", email)
        except Exception:
            super().failed(email)

    def succeeded(self, email: str) -> None:
        super().succeeded(email)
        try:
            self.shared.clear(self.item, "login", email)
        except Exception:
            log.warning("rate-limit store unreachable; log-in failures not cleared there")


class SharedRequestThrottle(RequestThrottle):
    """``RequestThrottle`` counted in the shared store."""

    def __init__(self, shared: Shared, limit: int, window_s: float, what: str) -> None:
        super().__init__(limit, window_s, what)
        self.shared, self.item = shared, per(limit, window_s)

    def hit(self, key: str) -> None:
        try:
            wait = self.shared.hit(self.item, "requests", self.what, key)
        except Exception:
            log.warning("rate-limit store unreachable; counting %s in memory", self.what)
            super().hit(key)
            return
        if wait is not None:
            raise TooManyRequests(
                f"too many {self.what}; try again in {wait} seconds", retry_after=wait
            )


def shared_reset_throttle(shared: Shared) -> ResetThrottle:
    throttle = ResetThrottle()
    by_email, by_client = throttle.by_email, throttle.by_client
    throttle.by_email = SharedRequestThrottle(
        shared, by_email.limit, by_email.window_s, by_email.what
    )
    throttle.by_client = SharedRequestThrottle(
        shared, by_client.limit, by_client.window_s, by_client.what
    )
    return throttle

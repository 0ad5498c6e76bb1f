"""The per-learner limiter: a sliding minute, a cap on runs at once, a Retry-After that is true."""

from __future__ import annotations

import pytest

from pyroad.errors import TooManyRequests
from pyroad.ratelimit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_sliding_minute_per_learner_with_a_true_retry_after() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=3, noun="submissions", clock=clock)
    for second in (0, 10, 20):
        clock.now = 1000.0 + second
        limiter.record(1)
    limiter.record(2)  # another learner has an allowance of their own
    clock.now = 1030.0
    with pytest.raises(TooManyRequests) as refused:
        limiter.record(1)
    assert refused.value.retry_after == 30  # the first of the three leaves the window at 1060
    assert "at most 3 a minute; try again in 30 seconds" in refused.value.detail
    clock.now = 1060.0
    limiter.record(1)  # the oldest one has left the window
    with pytest.raises(TooManyRequests):
        limiter.record(1)


def test_runs_at_once_are_capped_and_released_even_when_the_run_fails() -> None:
    limiter = RateLimiter(per_minute=100, at_once=2, clock=Clock())
    with limiter.hold(7), limiter.hold(7):
        with pytest.raises(TooManyRequests) as refused, limiter.hold(7):
            pass
        assert refused.value.retry_after == 1
        assert "already have 2 runs going" in refused.value.detail
        with limiter.hold(8):  # not another learner's
            pass
    with pytest.raises(RuntimeError), limiter.hold(7):
        raise RuntimeError("the sandbox failed")
    with limiter.hold(7), limiter.hold(7):  # both places are free again
        pass


def test_a_refused_run_is_not_counted() -> None:
    limiter = RateLimiter(per_minute=2, at_once=1, clock=Clock())
    with limiter.hold(1), pytest.raises(TooManyRequests), limiter.hold(1):
        pass
    limiter.record(1)  # the refused run did not use the minute's second place
    with pytest.raises(TooManyRequests):
        limiter.record(1)

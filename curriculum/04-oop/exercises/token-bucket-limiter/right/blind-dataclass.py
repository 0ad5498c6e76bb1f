from dataclasses import dataclass
import math

@dataclass
class _Bucket:
    tokens: float
    stamp: float

class TokenBucketLimiter:
    def __init__(self, capacity, refill_per_second):
        if not capacity >= 1:
            raise ValueError("capacity must be at least 1")
        if not refill_per_second > 0:
            raise ValueError("refill must be positive")
        self._cap = capacity
        self._rate = refill_per_second
        self._buckets = {}

    def _bucket(self, client, now):
        b = self._buckets.setdefault(client, _Bucket(self._cap, now))
        elapsed = now - b.stamp
        if elapsed > 0:
            b.tokens = min(self._cap, b.tokens + elapsed * self._rate)
            b.stamp = now
        return b

    def allow(self, client, now):
        b = self._bucket(client, now)
        if b.tokens < 1:
            return False
        b.tokens -= 1
        return True

    def remaining(self, client, now):
        return math.floor(self._bucket(client, now).tokens)

class TokenBucketLimiter:
    """Per-client token buckets: bursts up to capacity, refilled at a steady rate."""

    def __init__(self, capacity, refill_per_second):
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        if refill_per_second <= 0:
            raise ValueError("refill_per_second must be positive")
        self.capacity = capacity
        self.refill_per_second = refill_per_second
        self._buckets = {}  # client -> [tokens, last update time]

    def _refill(self, client, now):
        bucket = self._buckets.get(client)
        if bucket is None:
            bucket = self._buckets[client] = [self.capacity, now]
            return bucket
        tokens, last = bucket
        elapsed = max(0, now - last)
        bucket[0] = min(self.capacity, tokens + elapsed * self.refill_per_second)
        bucket[1] = now
        return bucket

    def allow(self, client, now):
        bucket = self._refill(client, now)
        if bucket[0] >= 1:
            bucket[0] -= 1
            return True
        return False

    def remaining(self, client, now):
        return int(self._refill(client, now)[0])

    def __repr__(self):
        return (f"TokenBucketLimiter(capacity={self.capacity}, "
                f"refill_per_second={self.refill_per_second})")

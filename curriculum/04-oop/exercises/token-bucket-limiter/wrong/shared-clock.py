class TokenBucketLimiter:
    """One last-update time for the whole limiter: another client's request resets the refill."""

    def __init__(self, capacity, refill_per_second):
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        if refill_per_second <= 0:
            raise ValueError("refill_per_second must be positive")
        self.capacity = capacity
        self.refill_per_second = refill_per_second
        self._tokens = {}
        self._last = None

    def _refill(self, client, now):
        if client not in self._tokens:
            self._tokens[client] = self.capacity
        elif self._last is not None and now > self._last:
            gained = (now - self._last) * self.refill_per_second
            self._tokens[client] = min(self.capacity, self._tokens[client] + gained)
        if self._last is None or now > self._last:
            self._last = now

    def allow(self, client, now):
        self._refill(client, now)
        if self._tokens[client] >= 1:
            self._tokens[client] -= 1
            return True
        return False

    def remaining(self, client, now):
        self._refill(client, now)
        return int(self._tokens[client])

class TokenBucketLimiter:
    def __init__(self, capacity, refill_per_second):
        if not capacity >= 1 or not refill_per_second > 0:
            raise ValueError("capacity >= 1 and refill_per_second > 0 are required")
        self.capacity = capacity
        self.rate = refill_per_second
        self.tokens = {}
        self.updated = {}

    def _top_up(self, client, now):
        if client not in self.tokens:
            self.tokens[client] = self.capacity
            self.updated[client] = now
        elif now > self.updated[client]:
            gained = (now - self.updated[client]) * self.rate
            self.tokens[client] = min(self.capacity, self.tokens[client] + gained)
            self.updated[client] = now

    def allow(self, client, now):
        self._top_up(client, now)
        if self.tokens[client] < 1:
            return False
        self.tokens[client] -= 1
        return True

    def remaining(self, client, now):
        self._top_up(client, now)
        return int(self.tokens[client])

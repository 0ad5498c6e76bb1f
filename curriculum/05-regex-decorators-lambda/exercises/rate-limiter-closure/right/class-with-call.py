import math


class _Limiter:
    def __init__(self, limit, window):
        self.limit = limit
        self.window = window
        self.counts = {}

    def __call__(self, client, now):
        slot = math.floor(now / self.window)
        if self.counts.get(client, (None, 0))[0] != slot:
            self.counts[client] = (slot, 0)
        _, used = self.counts[client]
        if used < self.limit:
            self.counts[client] = (slot, used + 1)
            return True
        return False


def make_rate_limiter(limit, window):
    return _Limiter(limit, window)

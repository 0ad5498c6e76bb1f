class TokenBucketLimiter:
    def __init__(self, capacity, refill_per_second):
        # Your code here
        pass

    def allow(self, client, now):
        pass

    def remaining(self, client, now):
        pass

from functools import update_wrapper

_MISSING = object()


class _Memo:
    def __init__(self, func):
        self.func = func
        self.store = {}
        self.hits = 0
        self.misses = 0
        update_wrapper(self, func)

    def __call__(self, *args, **kwargs):
        key = (args, frozenset(kwargs.items()))
        found = self.store.get(key, _MISSING)
        if found is not _MISSING:
            self.hits += 1
            return found
        self.misses += 1
        value = self.func(*args, **kwargs)
        self.store[key] = value
        return value

    def cache_info(self):
        return {"hits": self.hits, "misses": self.misses, "size": len(self.store)}

    def cache_clear(self):
        self.store = {}
        self.hits = self.misses = 0


def memoize(func):
    return _Memo(func)

import functools
_MISSING = object()
class _Memo:
    def __init__(self, func):
        functools.update_wrapper(self, func)
        self._func = func
        self._store = {}
        self._hits = self._misses = 0
    def __call__(self, *args, **kwargs):
        key = (args, frozenset(kwargs.items()))
        value = self._store.get(key, _MISSING)
        if value is not _MISSING:
            self._hits += 1
            return value
        self._misses += 1
        value = self._func(*args, **kwargs)
        self._store[key] = value
        return value
    def cache_info(self):
        return {"hits": self._hits, "misses": self._misses, "size": len(self._store)}
    def cache_clear(self):
        self._store.clear()
        self._hits = self._misses = 0
def memoize(func):
    return _Memo(func)

import functools

CACHE = {}
STATS = {"hits": 0, "misses": 0}


def memoize(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        key = (args, tuple(sorted(kwargs.items())))
        if key in CACHE:
            STATS["hits"] += 1
            return CACHE[key]
        STATS["misses"] += 1
        CACHE[key] = func(*args, **kwargs)
        return CACHE[key]

    wrapper.cache_info = lambda: {"hits": STATS["hits"], "misses": STATS["misses"], "size": len(CACHE)}

    def cache_clear():
        CACHE.clear()
        STATS.update(hits=0, misses=0)

    wrapper.cache_clear = cache_clear
    return wrapper

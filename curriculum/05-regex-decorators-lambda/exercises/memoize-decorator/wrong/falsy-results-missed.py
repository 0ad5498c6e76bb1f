import functools


def memoize(func):
    cache = {}
    stats = {"hits": 0, "misses": 0}

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        key = (args, tuple(sorted(kwargs.items())))
        if cache.get(key):
            stats["hits"] += 1
            return cache[key]
        stats["misses"] += 1
        cache[key] = func(*args, **kwargs)
        return cache[key]

    wrapper.cache_info = lambda: {"hits": stats["hits"], "misses": stats["misses"], "size": len(cache)}

    def cache_clear():
        cache.clear()
        stats.update(hits=0, misses=0)

    wrapper.cache_clear = cache_clear
    return wrapper

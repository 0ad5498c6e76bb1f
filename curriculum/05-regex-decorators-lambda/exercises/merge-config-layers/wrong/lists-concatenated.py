import copy
from functools import partial, reduce

DEFAULTS = {
    "host": "127.0.0.1",
    "port": 8000,
    "debug": False,
    "db": {"url": "sqlite:///app.db", "pool": 5, "options": {"timeout": 30}},
}


def deep_merge(base, override):
    """A new dict: base with override on top, merging nested dicts.

    Every value is copied, so the result shares no mutable object with a layer: a caller
    that changes its config (at any depth) can never change DEFAULTS.
    """
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = merged[key] + copy.deepcopy(value)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def merge_configs(*layers):
    """Merge dicts left to right; later layers win; nested dicts are merged."""
    return reduce(deep_merge, layers, {})


with_defaults = partial(merge_configs, DEFAULTS)

from functools import partial, reduce

DEFAULTS = {
    "host": "127.0.0.1",
    "port": 8000,
    "debug": False,
    "db": {"url": "sqlite:///app.db", "pool": 5, "options": {"timeout": 30}},
}


def deep_merge(base, override):
    merged = dict(base)
    for key, value in override.items():
        if not value:
            continue
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def merge_configs(*layers):
    return reduce(deep_merge, layers, {})


with_defaults = partial(merge_configs, DEFAULTS)

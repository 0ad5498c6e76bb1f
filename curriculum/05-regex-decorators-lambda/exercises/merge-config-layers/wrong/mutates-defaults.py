from functools import partial, reduce

DEFAULTS = {
    "host": "127.0.0.1",
    "port": 8000,
    "debug": False,
    "db": {"url": "sqlite:///app.db", "pool": 5, "options": {"timeout": 30}},
}


def deep_merge(base, override):
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            deep_merge(base[key], value)
        else:
            base[key] = value
    return base


def merge_configs(*layers):
    if not layers:
        return {}
    return reduce(deep_merge, layers)


with_defaults = partial(merge_configs, DEFAULTS)

from functools import partial, reduce

DEFAULTS = {
    "host": "127.0.0.1",
    "port": 8000,
    "debug": False,
    "db": {"url": "sqlite:///app.db", "pool": 5, "options": {"timeout": 30}},
}


def merge_configs(*layers):
    return reduce(lambda merged, layer: {**merged, **layer}, layers, {})


with_defaults = partial(merge_configs, DEFAULTS)

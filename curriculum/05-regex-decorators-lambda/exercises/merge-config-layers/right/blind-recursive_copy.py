from functools import partial, reduce

DEFAULTS = {
    "host": "127.0.0.1",
    "port": 8000,
    "debug": False,
    "db": {"url": "sqlite:///app.db", "pool": 5, "options": {"timeout": 30}},
}

def _copy(value):
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if isinstance(value, set):
        return {_copy(v) for v in value}
    return value

def _fold(acc, layer):
    for key, value in layer.items():
        if isinstance(acc.get(key), dict) and isinstance(value, dict):
            _fold(acc[key], value)
        else:
            acc[key] = _copy(value)
    return acc

def merge_configs(*layers):
    return reduce(_fold, layers, {})

with_defaults = partial(merge_configs, DEFAULTS)

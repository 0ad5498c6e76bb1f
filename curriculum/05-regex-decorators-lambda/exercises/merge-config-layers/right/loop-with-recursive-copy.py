from functools import partial, reduce

DEFAULTS = {
    "host": "127.0.0.1",
    "port": 8000,
    "debug": False,
    "db": {"url": "sqlite:///app.db", "pool": 5, "options": {"timeout": 30}},
}


def _copy(value):
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def _merge_two(result, layer):
    out = {key: _copy(value) for key, value in result.items()}
    for key in layer:
        new = layer[key]
        old = out.get(key)
        if type(new) is dict and type(old) is dict:
            out[key] = _merge_two(old, new)
        else:
            out[key] = _copy(new)
    return out


def merge_configs(*layers):
    return reduce(_merge_two, layers, {})


with_defaults = partial(merge_configs, DEFAULTS)

from functools import reduce
from importlib import import_module
def import_string(target):
    module_name, colon, path = target.partition(":")
    if not (colon and module_name and path):
        raise ValueError(f"expected 'module:attribute', got {target!r}")
    module = import_module(module_name)
    try:
        return reduce(getattr, path.split("."), module)
    except AttributeError as exc:
        raise ImportError(f"cannot find {path!r} in module {module_name!r}") from exc

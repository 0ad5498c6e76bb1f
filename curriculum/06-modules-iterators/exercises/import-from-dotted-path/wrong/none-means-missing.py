import importlib
def import_string(target):
    module, sep, attr = target.partition(":")
    if not sep or not module or not attr:
        raise ValueError(target)
    obj = importlib.import_module(module)
    for part in attr.split("."):
        obj = getattr(obj, part, None)
    if obj is None:
        raise ImportError(f"{module!r} has no attribute {attr!r}")
    return obj

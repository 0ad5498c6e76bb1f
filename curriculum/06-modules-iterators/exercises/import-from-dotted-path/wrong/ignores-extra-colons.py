import importlib
def import_string(target):
    parts = target.split(":")
    if len(parts) < 2 or not parts[0] or not parts[-1]:
        raise ValueError(target)
    module, attr = parts[0], parts[-1]
    obj = importlib.import_module(module)
    for part in attr.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise ImportError(f"{module} has no attribute {part}")
    return obj

import importlib


def import_string(target):
    if ":" not in target:
        raise ValueError(f"expected 'module:attribute', got {target!r}")
    module_name, attribute_path = target.split(":", 1)
    obj = importlib.import_module(module_name)
    for name in attribute_path.split("."):
        obj = getattr(obj, name)
    return obj

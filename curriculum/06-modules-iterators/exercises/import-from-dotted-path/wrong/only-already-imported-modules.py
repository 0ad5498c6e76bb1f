import importlib


def import_string(target):
    module_name, sep, attribute_path = target.partition(":")
    if not sep or not module_name or not attribute_path:
        raise ValueError(f"expected 'module:attribute', got {target!r}")
    import sys
    if module_name not in sys.modules:
        raise ImportError(f"no module named {module_name!r}")
    obj = sys.modules[module_name]
    for name in attribute_path.split("."):
        try:
            obj = getattr(obj, name)
        except AttributeError as error:
            raise ImportError(f"module {module_name!r} has no attribute {attribute_path!r}") from error
    return obj

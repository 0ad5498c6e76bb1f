import importlib


def import_string(target):
    module_name, sep, attribute = target.partition(":")
    if not sep or not module_name or not attribute:
        raise ValueError(f"expected 'module:attribute', got {target!r}")
    module = importlib.import_module(module_name)
    if not hasattr(module, attribute):
        raise ImportError(f"module {module_name!r} has no attribute {attribute!r}")
    return getattr(module, attribute)

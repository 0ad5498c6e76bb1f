import importlib


def import_string(target):
    module_name, sep, attribute_path = target.partition(":")
    if not sep or not module_name or not attribute_path:
        raise ValueError(f"expected 'module:attribute', got {target!r}")
    obj = importlib.import_module(module_name)
    for name in attribute_path.split("."):
        try:
            obj = getattr(obj, name)
        except AttributeError as error:
            raise ImportError from error
    return obj

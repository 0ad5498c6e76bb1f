from functools import reduce
from importlib import import_module


def import_string(target):
    if target.count(":") < 1:
        raise ValueError(f"{target!r} is not of the form 'module:attribute'")
    module_name, attribute_path = target.split(":", 1)
    if module_name == "" or attribute_path == "":
        raise ValueError(f"{target!r} is not of the form 'module:attribute'")
    module = import_module(module_name)
    try:
        return reduce(getattr, attribute_path.split("."), module)
    except AttributeError:
        raise ImportError(f"cannot find {attribute_path} in {module_name}") from None

import importlib


def import_string(target):
    """Import 'package.module:attr.subattr' and return the object it names."""
    # Your code here
    return None

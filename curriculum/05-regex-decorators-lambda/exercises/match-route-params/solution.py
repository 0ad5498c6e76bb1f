import re

PLACEHOLDER = re.compile(r"\{(\w+)(?::(int))?\}")


def compile_route(pattern):
    """Turn '/users/{id:int}' into a compiled regex and the names of its int parameters."""
    parts = []
    int_params = set()
    position = 0
    for found in PLACEHOLDER.finditer(pattern):
        parts.append(re.escape(pattern[position:found.start()]))
        name, converter = found.group(1), found.group(2)
        if converter == "int":
            parts.append(rf"(?P<{name}>[0-9]+)")
            int_params.add(name)
        else:
            parts.append(rf"(?P<{name}>[^/]+)")
        position = found.end()
    parts.append(re.escape(pattern[position:]))
    return re.compile("".join(parts)), int_params


def match_route(pattern, path):
    """Return the route parameters as a dict if path matches pattern, else None."""
    regex, int_params = compile_route(pattern)
    found = regex.fullmatch(path)
    if found is None:
        return None
    return {
        name: int(value) if name in int_params else value
        for name, value in found.groupdict().items()
    }

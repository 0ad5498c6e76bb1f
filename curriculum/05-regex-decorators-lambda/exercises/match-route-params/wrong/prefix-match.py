import re


def match_route(pattern, path):
    int_params = set()
    parts = []
    position = 0
    for found in re.finditer(r"\{(\w+)(?::(int))?\}", pattern):
        parts.append(re.escape(pattern[position:found.start()]))
        name, converter = found.group(1), found.group(2)
        if converter == "int":
            int_params.add(name)
            parts.append(rf"(?P<{name}>\d+)")
        else:
            parts.append(rf"(?P<{name}>[^/]+)")
        position = found.end()
    parts.append(re.escape(pattern[position:]))
    found = re.match("".join(parts), path)
    if found is None:
        return None
    return {k: int(v) if k in int_params else v for k, v in found.groupdict().items()}

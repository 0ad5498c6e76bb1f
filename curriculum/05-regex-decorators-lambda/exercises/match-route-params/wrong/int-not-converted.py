import re


def match_route(pattern, path):
    parts = []
    position = 0
    for found in re.finditer(r"\{(\w+)(?::(int))?\}", pattern):
        parts.append(re.escape(pattern[position:found.start()]))
        name, converter = found.group(1), found.group(2)
        if converter == "int":
            parts.append(rf"(?P<{name}>\d+)")
        else:
            parts.append(rf"(?P<{name}>[^/]+)")
        position = found.end()
    parts.append(re.escape(pattern[position:]))
    found = re.fullmatch("".join(parts), path)
    return None if found is None else found.groupdict()

import re


def match_route(pattern, path):
    int_params = set()

    def to_group(found):
        name, converter = found.group(1), found.group(2)
        if converter == "int":
            int_params.add(name)
            return rf"(?P<{name}>\d+)"
        return rf"(?P<{name}>.+)"

    regex = re.sub(r"\{(\w+)(?::(int))?\}", to_group, pattern)
    found = re.fullmatch(regex, path)
    if found is None:
        return None
    return {k: int(v) if k in int_params else v for k, v in found.groupdict().items()}

import re


def match_route(pattern, path):
    pieces = re.split(r"\{(\w+(?::int)?)\}", pattern)
    regex = ""
    converters = {}
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            regex += re.escape(piece)
            continue
        name, _, kind = piece.partition(":")
        if kind == "int":
            converters[name] = int
            regex += "(?P<%s>[0-9]+)" % name
        else:
            converters[name] = str
            regex += "(?P<%s>[^/]+)" % name
    found = re.match(regex + r"\Z", path)
    if not found:
        return None
    return {name: converters[name](value) for name, value in found.groupdict().items()}

import re
_TOKEN = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(:int)?\}")
def match_route(pattern, path):
    pieces = []
    ints = []
    pos = 0
    for m in _TOKEN.finditer(pattern):
        pieces.append(re.escape(pattern[pos:m.start()]))
        name = m.group(1)
        if m.group(2):
            ints.append(name)
            pieces.append("(?P<%s>[0-9]+)" % name)
        else:
            pieces.append("(?P<%s>[^/]+)" % name)
        pos = m.end()
    pieces.append(re.escape(pattern[pos:]))
    found = re.compile("".join(pieces)).fullmatch(path)
    if found is None:
        return None
    values = found.groupdict()
    for name in ints:
        values[name] = int(values[name])
    return values

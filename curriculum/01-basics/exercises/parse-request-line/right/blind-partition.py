def parse_request_line(line):
    text = line.strip()
    method, s1, rest = text.partition(" ")
    path, s2, version = rest.partition(" ")
    if not (s1 and s2 and method and path and version) or " " in version:
        return None
    return (method.upper(), path, version)

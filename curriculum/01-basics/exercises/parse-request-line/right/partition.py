def parse_request_line(line):
    line = line.strip()
    if line.count(" ") != 2:
        return None
    method, _, rest = line.partition(" ")
    path, _, version = rest.partition(" ")
    if not method or not path or not version:
        return None
    return method.upper(), path, version

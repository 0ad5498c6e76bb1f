def parse_request_line(line):
    parts = line.strip().split(" ", 2)
    if len(parts) != 3:
        return None
    method, path, version = parts
    return (method.upper(), path, version)

def parse_request_line(line):
    parts = line.strip().split(" ")
    if len(parts) != 3:
        return None
    method, path, version = parts
    return (method.upper(), path, version)

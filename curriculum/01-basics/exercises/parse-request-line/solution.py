def parse_request_line(line):
    """Return (method, path, version), or None when the line is malformed."""
    parts = line.strip().split(" ")
    if len(parts) != 3 or "" in parts:
        return None
    method, path, version = parts
    return (method.upper(), path, version)

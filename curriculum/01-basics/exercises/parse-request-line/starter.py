def parse_request_line(line):
    """Return (method, path, version), or None when the line is malformed."""
    # Your code here
    return None

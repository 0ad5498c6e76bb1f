def parse_header(line):
    """Return (lower-case name, stripped value), or None when the line is malformed."""
    # Your code here
    return None

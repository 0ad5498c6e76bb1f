def parse_header(line):
    """Return (lower-case name, stripped value), or None when the line is malformed."""
    name, colon, value = line.strip().partition(":")
    if colon == "":
        return None
    if name == "" or " " in name:
        return None
    return (name.lower(), value.strip())

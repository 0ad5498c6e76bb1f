def parse_flag(value):
    """Return True, False, or None for an unrecognised flag value."""
    return bool(value)

def parse_flag(value):
    """Return True, False, or None for an unrecognised flag value."""
    word = value.strip().lower()
    if word in ("true", "1", "yes", "on"):
        return True
    if word in ("false", "0", "no", "off"):
        return False
    return None

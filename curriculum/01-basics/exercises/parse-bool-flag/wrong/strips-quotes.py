def parse_flag(value):
    v = value.strip().strip('"').lower()
    if v in ("true", "1", "yes", "on"):
        return True
    if v in ("false", "0", "no", "off"):
        return False
    return None

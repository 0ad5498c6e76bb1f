def parse_flag(value):
    word = value.strip().lower()
    if word in ("true", "1", "yes", "on", "y", "enabled"):
        return True
    if word in ("false", "0", "no", "off", "n", "disabled", ""):
        return False
    return None

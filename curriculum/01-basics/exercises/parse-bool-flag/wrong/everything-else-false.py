def parse_flag(value):
    word = value.strip().lower()
    if word in ("true", "1", "yes", "on"):
        return True
    return False

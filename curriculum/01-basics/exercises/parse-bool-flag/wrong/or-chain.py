def parse_flag(value):
    word = value.strip().lower()
    if word == "true" or "1" or "yes" or "on":
        return True
    if word == "false" or "0" or "no" or "off":
        return False
    return None

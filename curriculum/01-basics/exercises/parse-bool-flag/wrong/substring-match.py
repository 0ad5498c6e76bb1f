def parse_flag(value):
    word = value.strip().lower()
    if word in "true 1 yes on":
        return True
    if word in "false 0 no off":
        return False
    return None

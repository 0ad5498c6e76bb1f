def parse_flag(value):
    word = value.strip().lower()
    if word == "":
        return None
    if word[0] in "t1y" or word == "on":
        return True
    if word[0] in "f0n" or word == "off":
        return False
    return None

YES = {"true", "1", "yes", "on"}
NO = {"false", "0", "no", "off"}


def parse_flag(value):
    word = value.lower().strip()
    if word in YES:
        return True
    elif word in NO:
        return False
    else:
        return None

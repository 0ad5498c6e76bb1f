def normalize_email(raw):
    e = raw.strip().casefold()
    if e.count("@") != 1 or e[0] == "@" or e[-1] == "@":
        return None
    return e

def parse_header(line):
    name, colon, value = line.strip().partition(":")
    name = name.strip()
    if colon == "" or name == "":
        return None
    return (name.lower(), value.strip().lower())

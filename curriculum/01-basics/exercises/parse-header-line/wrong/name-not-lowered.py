def parse_header(line):
    name, colon, value = line.strip().partition(":")
    if colon == "":
        return None
    if name == "" or " " in name:
        return None
    return (name, value.strip())

def parse_header(line):
    name, colon, value = line.partition(":")
    if colon == "":
        return None
    if name == "" or " " in name:
        return None
    return (name.lower(), value.strip())

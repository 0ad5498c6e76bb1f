def parse_header(line):
    name, colon, value = line.strip().lower().partition(":")
    if colon == "" or name == "" or " " in name:
        return None
    return (name, value.strip())

def parse_header(line):
    name, colon, value = line.strip().partition(":")
    if name == "" or " " in name:
        return None
    return (name.lower(), value.strip())

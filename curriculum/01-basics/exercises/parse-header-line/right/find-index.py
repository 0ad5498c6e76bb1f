def parse_header(line):
    line = line.strip()
    colon = line.find(":")
    if colon <= 0:
        return None
    name = line[:colon]
    if " " in name:
        return None
    return name.lower(), line[colon + 1:].strip()

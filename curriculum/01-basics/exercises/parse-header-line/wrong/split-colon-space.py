def parse_header(line):
    parts = line.strip().split(": ", 1)
    if len(parts) != 2:
        return None
    name, value = parts
    if name == "" or " " in name:
        return None
    return (name.lower(), value.strip())

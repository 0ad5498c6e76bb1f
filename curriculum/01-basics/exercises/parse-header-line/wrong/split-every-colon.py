def parse_header(line):
    parts = line.strip().split(":")
    if len(parts) < 2:
        return None
    name = parts[0]
    value = parts[1]
    if name == "" or " " in name:
        return None
    return (name.lower(), value.strip())

def parse_header(line):
    name, sep, value = line.strip().partition(":")
    if not sep or name == "" or name.find(" ") != -1:
        return None
    return (name.lower(), value.strip())

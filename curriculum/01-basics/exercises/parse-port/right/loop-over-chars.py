def parse_port(text):
    text = text.strip()
    if text == "":
        return None
    for char in text:
        if char not in "0123456789":
            return None
    port = int(text)
    return port if 1 <= port <= 65535 else None

def parse_port(text):
    text = text.strip()
    if not text.isdigit():
        return None
    port = int(text)
    if 0 <= port <= 65535:
        return port
    return None

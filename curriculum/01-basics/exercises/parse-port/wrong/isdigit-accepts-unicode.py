def parse_port(text):
    text = text.strip()
    if not text.isdigit():
        return None
    port = int(text)
    if 1 <= port <= 65535:
        return port
    return None

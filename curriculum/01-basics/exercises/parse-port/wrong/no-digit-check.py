def parse_port(text):
    port = int(text)
    if 1 <= port <= 65535:
        return port
    return None

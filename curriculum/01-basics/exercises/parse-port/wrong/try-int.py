def parse_port(text):
    try:
        port = int(text)
    except ValueError:
        return None
    if 1 <= port <= 65535:
        return port
    return None

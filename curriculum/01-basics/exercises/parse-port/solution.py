def parse_port(text):
    """Return text as an int port (1-65535), or None when it is not a valid port."""
    text = text.strip()
    # isdigit() alone also accepts "²" and "٣"; isascii() keeps only 0-9.
    if not (text.isascii() and text.isdigit()):
        return None
    port = int(text)
    if 1 <= port <= 65535:
        return port
    return None

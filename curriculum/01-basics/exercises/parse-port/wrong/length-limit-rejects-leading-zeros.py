def parse_port(text):
    text = text.strip()
    if not text or any(c not in "0123456789" for c in text):
        return None
    if len(text) > 5:
        return None
    port = int(text)
    return port if 0 < port < 65536 else None

def parse_port(text):
    text = text.strip()
    if not text.isdigit():
        return None
    if 1 <= int(text) <= 65535:
        return text
    return None

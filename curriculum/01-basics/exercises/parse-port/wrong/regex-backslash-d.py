import re


def parse_port(text):
    text = text.strip()
    if not re.fullmatch(r"\d+", text):
        return None
    port = int(text)
    if 1 <= port <= 65535:
        return port
    return None

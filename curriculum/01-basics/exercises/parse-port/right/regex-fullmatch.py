import re


def parse_port(text):
    match = re.fullmatch(r"[0-9]+", text.strip())
    if match is None:
        return None
    port = int(match.group())
    if port < 1 or port > 65535:
        return None
    return port

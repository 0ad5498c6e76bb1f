import re
def parse_port(text):
    m = re.fullmatch(r"\s*([0-9]+)\s*", text)
    if not m:
        return None
    port = int(m.group(1))
    return port if 0 < port < 65536 else None

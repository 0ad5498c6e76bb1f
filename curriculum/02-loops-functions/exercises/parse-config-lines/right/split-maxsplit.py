def parse_config(text):
    settings = {}
    for raw in text.split("\n"):
        line = raw.strip()
        if not line or line[0] == "#" or "=" not in line:
            continue
        key, value = line.split("=", 1)
        if key.strip():
            settings[key.strip()] = value.strip()
    return settings

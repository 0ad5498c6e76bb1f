def parse_config(text):
    settings = {}
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#"):
            continue
        key, eq, value = line.partition("=")
        key = key.strip()
        if eq and key:
            settings[key] = value.strip()
    return settings

def parse_config(text):
    settings = {}
    for line in text.splitlines():
        if "#" in line or "=" not in line:
            continue
        key, _, value = line.partition("=")
        settings[key.strip()] = value.strip()
    return settings

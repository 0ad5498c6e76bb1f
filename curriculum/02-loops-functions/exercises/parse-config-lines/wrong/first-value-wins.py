def parse_config(text):
    settings = {}
    for line in text.splitlines():
        line = line.strip()
        if line == "" or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.strip()
        if key not in settings:
            settings[key] = value.strip()
    return settings

def parse_config(text):
    settings = {}
    for line in text.splitlines():
        line = line.strip()
        if line == "" or line.startswith("#"):
            continue
        parts = line.split("=")
        if len(parts) < 2:
            continue
        settings[parts[0].strip()] = parts[1].strip()
    return settings

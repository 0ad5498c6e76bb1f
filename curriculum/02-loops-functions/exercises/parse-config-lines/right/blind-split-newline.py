def parse_config(text):
    settings = {}
    for line in text.split("\n"):
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        k, v = line.split("=", 1)
        if k:
            settings[k.strip()] = v.strip()
    return settings

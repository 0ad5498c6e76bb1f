def parse_config(text):
    settings = {}
    for line in text.splitlines():
        line = line.strip()
        if line == "" or line.startswith("#"):
            continue
        key, equals, value = line.partition("=")
        if equals == "":
            continue
        settings[key.strip()] = value.strip()
    return settings

def parse_config(text):
    """Return the KEY=VALUE settings of a .env file as a dict."""
    settings = {}
    for line in text.splitlines():
        line = line.strip()
        if line == "" or line.startswith("#"):
            continue
        key, equals, value = line.partition("=")
        key = key.strip()
        if equals == "" or key == "":
            continue
        settings[key] = value.strip()
    return settings

def parse_config(text):
    """Return the KEY=VALUE settings of a .env file as a dict."""
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

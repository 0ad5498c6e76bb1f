def parse_config(text):
    """Return the KEY=VALUE settings of a .env file as a dict."""
    settings = {}
    for line in text.splitlines():
        pass  # Your code here
    return settings

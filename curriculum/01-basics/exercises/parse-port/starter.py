def parse_port(text):
    """Return text as an int port (1-65535), or None when it is not a valid port."""
    # Your code here
    return None

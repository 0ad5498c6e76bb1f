def build_url(path, host="localhost", port=8000, **query):
    """Return http://host:port/path, with the extra keyword arguments as the query string."""
    # Your code here
    return f"http://{host}:{port}{path}"

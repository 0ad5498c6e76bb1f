def build_url(path, host="localhost", port=8000, **query):
    """Return http://host:port/path, with the extra keyword arguments as the query string."""
    if not path.startswith("/"):
        path = "/" + path
    url = f"http://{host}:{port}{path}"
    if query:
        pairs = []
        for key, value in query.items():
            pairs.append(f"{key}={value}")
        url += "?" + "&".join(pairs)
    return url

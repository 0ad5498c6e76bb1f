def build_url(path, host="localhost", port=8000, **query):
    if not path.startswith("/"):
        path = "/" + path
    pairs = []
    for key, value in query.items():
        pairs.append(f"{key}={value}")
    return f"http://{host}:{port}{path}?" + "&".join(pairs)

def build_url(path, host="localhost", port=8000, **query):
    if not path.startswith("/"):
        path = "/" + path
    url = f"http://{host}:{port}{path}"
    if query:
        pairs = []
        for key in sorted(query):
            pairs.append(f"{key}={query[key]}")
        url += "?" + "&".join(pairs)
    return url

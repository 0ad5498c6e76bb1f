def build_url(path, host="localhost", port=8000, **query):
    path = "/" + path.lstrip("/")
    url = f"http://{host}:{port}{path}"
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url

def build_url(path, host="localhost", port=8000, **query):
    if path[0] != "/":
        path = "/" + path
    url = f"http://{host}:{port}{path}"
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url

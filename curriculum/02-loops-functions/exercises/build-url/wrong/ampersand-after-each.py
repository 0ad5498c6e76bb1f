def build_url(path, host="localhost", port=8000, **query):
    if not path.startswith("/"):
        path = "/" + path
    url = f"http://{host}:{port}{path}"
    if query:
        url += "?"
        for key, value in query.items():
            url += f"{key}={value}&"
    return url

def build_url(path, host="localhost", port=8000, **query):
    url = f"http://{host}:{port}{path}"
    if query:
        pairs = []
        for key, value in query.items():
            pairs.append(f"{key}={value}")
        url += "?" + "&".join(pairs)
    return url

def build_url(path, host="localhost", port=8000, **query):
    parts = ["http://", str(host), ":", str(port)]
    parts.append(path if path[:1] == "/" else "/" + path)
    pairs = [str(k) + "=" + str(v) for k, v in query.items()]
    if pairs:
        parts.append("?" + "&".join(pairs))
    return "".join(parts)

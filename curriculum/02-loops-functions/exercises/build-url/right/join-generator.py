def build_url(path, host="localhost", port=8000, **query):
    if path[:1] != "/":
        path = "/" + path
    url = "http://" + host + ":" + str(port) + path
    pairs = [key + "=" + str(value) for key, value in query.items()]
    if len(pairs) > 0:
        url = url + "?" + "&".join(pairs)
    return url

def parse_query(query):
    if query.startswith("?"):
        query = query[1:]
    result = {}
    for part in query.split("&"):
        if part:
            key, _, value = part.partition("=")
            result.setdefault(key, value)
    return result

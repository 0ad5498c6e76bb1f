def parse_query(query):
    if query.startswith("?"):
        query = query[1:]
    result = {}
    for part in query.split("&"):
        if part:
            key, value = part.split("=")
            result[key] = value
    return result

def parse_query(query):
    if query.startswith("?"):
        query = query[1:]
    return {key: value for key, _, value in (part.partition("=") for part in query.split("&"))}

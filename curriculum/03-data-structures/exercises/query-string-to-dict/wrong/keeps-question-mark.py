def parse_query(query):
    pieces = [part.partition("=") for part in query.split("&") if part]
    return {key: value for key, _, value in pieces}

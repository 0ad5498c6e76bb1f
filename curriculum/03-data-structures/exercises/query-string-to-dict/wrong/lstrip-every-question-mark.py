def parse_query(query):
    """Return the parameters of a query string as a dict of strings."""
    query = query.lstrip("?")
    pieces = [part.partition("=") for part in query.split("&") if part]
    return {key: value for key, _, value in pieces}

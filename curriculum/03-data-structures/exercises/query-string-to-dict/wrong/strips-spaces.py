def parse_query(query):
    """Return the parameters of a query string as a dict of strings."""
    if query.startswith("?"):
        query = query[1:]
    pieces = [part.partition("=") for part in query.split("&") if part]
    return {key.strip(): value.strip() for key, _, value in pieces}

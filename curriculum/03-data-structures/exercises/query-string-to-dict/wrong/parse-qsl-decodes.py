def parse_query(query):
    """Return the parameters of a query string as a dict of strings."""
    from urllib.parse import parse_qsl

    if query.startswith("?"):
        query = query[1:]
    return dict(parse_qsl(query, keep_blank_values=True))

def parse_query(query):
    """Return the parameters of a query string as a dict of strings."""
    # Your code here
    return None

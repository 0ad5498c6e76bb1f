def parse_page_params(query, default_size=20, max_size=100):
    """Return (page, size) from the query-string dict; add the type hints."""
    # Your code here
    return None


def find_user(users, email):
    """Return the user with this e-mail (ignoring case), or None; add the type hints."""
    # Your code here
    return None

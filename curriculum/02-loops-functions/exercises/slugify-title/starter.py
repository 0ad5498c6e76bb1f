def slugify(title):
    """Return a lower-case, dash-separated slug for title."""
    slug = ""
    # Your code here
    return slug

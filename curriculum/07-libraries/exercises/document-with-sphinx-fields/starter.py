def page_window(page, per_page=20, max_per_page=100):
    """TODO: a one-line summary, then the fields."""
    return (page - 1) * per_page, per_page

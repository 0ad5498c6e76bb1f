def page_window(page, per_page=20, max_per_page=100):
    """Turn a page number and a page size into a database offset and limit.

    Args:
        page (int): The page number asked for, 1 or more.
        per_page (int): How many items one page holds.
        max_per_page (int): The largest page size the API allows.

    Returns:
        tuple[int, int]: The (offset, limit) pair.

    Raises:
        TypeError: If page or per_page is not an int.
        ValueError: If page or per_page is out of range.
    """
    for value in (page, per_page):
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError("page and per_page must be whole numbers")
    if page < 1:
        raise ValueError("page starts at 1")
    if per_page < 1 or per_page > max_per_page:
        raise ValueError(f"per_page must be between 1 and {max_per_page}")
    return (page - 1) * per_page, per_page

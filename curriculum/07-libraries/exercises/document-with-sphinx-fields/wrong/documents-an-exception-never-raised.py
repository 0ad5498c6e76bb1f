def page_window(page, per_page=20, max_per_page=100):
    """Turn a page number and a page size into a database offset and limit.

    Pages are numbered from 1, so page 1 starts at offset 0.

    :param page: The page number asked for, 1 or more.
    :type page: int
    :param per_page: How many items one page holds, from 1 to ``max_per_page``.
    :type per_page: int
    :param max_per_page: The largest page size the API allows.
    :type max_per_page: int
    :returns: The ``(offset, limit)`` pair to give the database query.
    :rtype: tuple[int, int]
    :raises TypeError: If ``page`` or ``per_page`` is not an int (a bool is refused).
    :raises KeyError: If the page is missing.
    :raises ValueError: If ``page`` is below 1 or ``per_page`` is outside
        1 to ``max_per_page``.
    """
    for value in (page, per_page):
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError("page and per_page must be whole numbers")
    if page < 1:
        raise ValueError("page starts at 1")
    if per_page < 1 or per_page > max_per_page:
        raise ValueError(f"per_page must be between 1 and {max_per_page}")
    return (page - 1) * per_page, per_page

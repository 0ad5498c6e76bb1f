def page_window(page: int, per_page: int = 20, max_per_page: int = 100) -> tuple[int, int]:
    """Compute the offset and limit of one page of results.

    :param page: Which page, counting from 1.
    :param int per_page: The size of a page, at most
       ``max_per_page``.
    :param max_per_page: The upper bound for ``per_page``.
    :return: ``(offset, limit)``, ready for ``OFFSET``/``LIMIT`` in SQL.
    :raise ValueError: When a number is out of range.
    :raise TypeError: When ``page`` or ``per_page`` is not a whole number.

    Example: ``page_window(3, 20)`` gives ``(40, 20)``.
    """
    if type(page) is not int or type(per_page) is not int:
        raise TypeError("page and per_page must be int")
    if not (page >= 1 and 1 <= per_page <= max_per_page):
        raise ValueError("page or per_page out of range")
    offset = (page - 1) * per_page
    return offset, per_page

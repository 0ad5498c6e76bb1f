def _positive_int(text: str, name: str) -> int:
    """The ASCII digits 0-9 only: int() alone would also take ' 3', '+3', '3_0' or '٣'."""
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"{name} must be a whole number, got {text!r}")
    value = int(text)
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return value


def parse_page_params(query: dict[str, str], default_size: int = 20, max_size: int = 100) -> tuple[int, int]:
    """Return (page, size) from the query-string dict."""
    page = _positive_int(query.get("page", "1"), "page")
    size = _positive_int(query.get("size", str(default_size)), "size")
    return page, min(size, max_size)


def find_user(users: list[dict[str, str]], email: str) -> dict[str, str] | None:
    """Return the user with this e-mail (ignoring case), or None."""
    wanted = email.lower()
    for user in users:
        if user["email"].lower() == wanted:
            return user
    return None

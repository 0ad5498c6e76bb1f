def _positive_int(text: str, name: str) -> int:
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"{name} must be a whole number, got {text!r}")
    value = int(text)
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return value


def parse_page_params(query: dict[str, str], default_size: int = 20, max_size: int = 100) -> tuple[int, int]:
    page = _positive_int(query.get("page", "1"), "page")
    size = _positive_int(query.get("size", str(default_size)), "size")
    return page, min(size, max_size)


def find_user(users: list[dict[str, str]], email: str) -> dict[str, str] | None:
    found = None
    for user in users:
        if user["email"].lower() == email.lower():
            found = user
    return found

import re
from typing import Optional

DIGITS = re.compile(r"[0-9]+")


def _number(query: dict[str, str], key: str, default: int) -> int:
    if key not in query:
        return default
    text = query[key]
    if DIGITS.fullmatch(text) is None or int(text) == 0:
        raise ValueError(f"{key}: expected a whole number >= 1, got {text!r}")
    return int(text)


def parse_page_params(query: dict[str, str], default_size: int = 20, max_size: int = 100) -> tuple[int, int]:
    page = _number(query, "page", 1)
    size = _number(query, "size", default_size)
    return page, size if size <= max_size else max_size


def find_user(users: list[dict[str, str]], email: str) -> Optional[dict[str, str]]:
    return next((u for u in users if u["email"].casefold() == email.casefold()), None)

import re
from typing import Optional
def _whole(text: str) -> int:
    if re.fullmatch(r"[0-9]+", text) is None or int(text) < 1:
        raise ValueError(f"not a positive whole number: {text!r}")
    return int(text)
def parse_page_params(query: dict[str, str], default_size: int = 20, max_size: int = 100) -> tuple[int, int]:
    page = _whole(query["page"]) if "page" in query else 1
    size = _whole(query["size"]) if "size" in query else default_size
    return page, min(size, max_size)
def find_user(users: list[dict[str, str]], email: str) -> Optional[dict[str, str]]:
    wanted = email.casefold()
    return next((u for u in users if u["email"].casefold() == wanted), None)

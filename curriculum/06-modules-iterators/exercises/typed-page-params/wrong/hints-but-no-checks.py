from typing import Optional


def parse_page_params(query: dict[str, str], default_size: int = 20, max_size: int = 100) -> tuple[int, int]:
    page = int(query.get("page", 1))
    size = int(query.get("size", default_size))
    if size > max_size:
        raise ValueError("size too large")
    return page, size


def find_user(users: list[dict[str, str]], email: str) -> Optional[dict[str, str]]:
    for user in users:
        if user["email"] == email:
            return user
    return None

def parse_page_params(query: dict[str, str], default_size: int = 20, max_size: int = 100):
    page = int(query.get("page", "1"))
    size = int(query.get("size", str(default_size)))
    if page < 1 or size < 1:
        raise ValueError("page and size must be at least 1")
    return page, min(size, max_size)


def find_user(users: list[dict[str, str]], email: str):
    for user in users:
        if user["email"].lower() == email.lower():
            return user
    return None

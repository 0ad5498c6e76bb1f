import re


def is_valid_slug(text):
    if len(text) > 50:
        return False
    return re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", text)


def is_valid_email(text):
    return re.fullmatch(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", text)

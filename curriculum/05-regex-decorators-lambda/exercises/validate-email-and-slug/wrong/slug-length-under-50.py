import re

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def is_valid_slug(text):
    return len(text) < 50 and SLUG.fullmatch(text) is not None


def is_valid_email(text):
    return EMAIL.fullmatch(text) is not None

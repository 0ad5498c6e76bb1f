import re

SLUG = re.compile(r"[^\W_A-Z]+(?:-[^\W_A-Z]+)*")
EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")


def is_valid_slug(text):
    return len(text) <= 50 and SLUG.fullmatch(text) is not None


def is_valid_email(text):
    return EMAIL.fullmatch(text) is not None

import re

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def is_valid_slug(text):
    """True if text is a lowercase, hyphen-separated slug of at most 50 characters."""
    return len(text) <= 50 and SLUG.fullmatch(text) is not None


def is_valid_email(text):
    """True if text looks like name@domain.tld."""
    return EMAIL.fullmatch(text) is not None

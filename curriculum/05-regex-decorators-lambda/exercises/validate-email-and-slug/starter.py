import re


def is_valid_slug(text):
    """True if text is a lowercase, hyphen-separated slug of at most 50 characters."""
    # Your code here
    return None


def is_valid_email(text):
    """True if text looks like name@domain.tld."""
    # Your code here
    return None

import re
def is_valid_slug(text):
    return len(text) <= 50 and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", text) is not None
def is_valid_email(text):
    return re.fullmatch(r"[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9_-]+\.)+[A-Za-z]{2,}", text) is not None

import string
_LOW = set(string.ascii_lowercase + string.digits)
_LETTERS = set(string.ascii_letters)
_LABEL = set(string.ascii_letters + string.digits + "-")
_LOCAL = set(string.ascii_letters + string.digits + "._%+-")
def is_valid_slug(text):
    if not isinstance(text, str) or len(text) > 50:
        return False
    words = text.split("-")
    return all(w and set(w) <= _LOW for w in words)
def is_valid_email(text):
    if not isinstance(text, str) or text.count("@") != 1:
        return False
    local, domain = text.split("@")
    if not local or not set(local) <= _LOCAL:
        return False
    labels = domain.split(".")
    if len(labels) < 2:
        return False
    *names, tld = labels
    if len(tld) < 2 or not set(tld) <= _LETTERS:
        return False
    return all(n and set(n) <= _LABEL for n in names)

import string

SLUG_CHARS = set(string.ascii_lowercase + string.digits)
LOCAL_CHARS = set(string.ascii_letters + string.digits + "._%+-")
LABEL_CHARS = set(string.ascii_letters + string.digits + "-")


def is_valid_slug(text):
    if not 1 <= len(text) <= 50:
        return False
    words = text.split("-")
    return all(word and set(word) <= SLUG_CHARS for word in words)


def is_valid_email(text):
    if text.count("@") != 1:
        return False
    local, domain = text.split("@")
    if not local or not set(local) <= LOCAL_CHARS:
        return False
    labels = domain.split(".")
    if len(labels) < 2:
        return False
    *names, tld = labels
    if any(not label or not set(label) <= LABEL_CHARS for label in names):
        return False
    return len(tld) >= 2 and all(c in string.ascii_letters for c in tld)

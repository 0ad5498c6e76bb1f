def normalize_email(raw):
    """Return the cleaned, lower-case address, or None when it is not usable."""
    email = raw.strip().lower()
    if email.count("@") != 1:
        return None
    if email.startswith("@") or email.endswith("@"):
        return None
    return email

def normalize_email(raw):
    email = raw.strip().lower()
    if email.count("@") != 1:
        return None
    if email.startswith("@"):
        return None
    return email

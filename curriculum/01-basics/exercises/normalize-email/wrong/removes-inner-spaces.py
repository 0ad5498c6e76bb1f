def normalize_email(raw):
    email = raw.replace(" ", "").strip().lower()
    if email.count("@") != 1:
        return None
    if email.startswith("@") or email.endswith("@"):
        return None
    return email

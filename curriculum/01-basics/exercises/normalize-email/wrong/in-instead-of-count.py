def normalize_email(raw):
    email = raw.strip().lower()
    if "@" not in email:
        return None
    if email.startswith("@") or email.endswith("@"):
        return None
    return email

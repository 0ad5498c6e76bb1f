def normalize_email(raw):
    email = raw.strip().lower()
    parts = email.split("@")
    if len(parts) != 2:
        return None
    name, domain = parts
    if name == "" or domain == "":
        return None
    return email

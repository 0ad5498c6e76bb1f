def normalize_email(raw):
    if raw.count("@") != 1 or raw.startswith("@") or raw.endswith("@"):
        return None
    return raw.strip().lower()

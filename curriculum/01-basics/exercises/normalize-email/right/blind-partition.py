def normalize_email(raw):
    cleaned = raw.strip().lower()
    local, at, domain = cleaned.partition("@")
    if not at or not local or not domain or "@" in domain:
        return None
    return cleaned

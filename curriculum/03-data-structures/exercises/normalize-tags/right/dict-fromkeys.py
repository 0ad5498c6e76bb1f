def normalize_tags(tags):
    cleaned = (t.strip().lower() for t in tags)
    return list(dict.fromkeys(t for t in cleaned if t))

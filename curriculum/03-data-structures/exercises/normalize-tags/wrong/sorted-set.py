def normalize_tags(tags):
    cleaned = {tag.strip().lower() for tag in tags}
    cleaned.discard("")
    return sorted(cleaned)

def normalize_tags(tags):
    seen = set()
    result = []
    for tag in tags:
        if tag and tag not in seen:
            seen.add(tag)
            result.append(tag.strip().lower())
    return result

def normalize_tags(tags):
    seen = set()
    result = []
    for tag in tags:
        clean = tag.strip().lower()
        if clean not in seen:
            seen.add(clean)
            result.append(clean)
    return result

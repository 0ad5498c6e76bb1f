def normalize_tags(tags):
    """Return the cleaned tags: stripped, lower-case, no empties, no duplicates, in order."""
    if all(tag == tag.strip().lower() and tag for tag in tags) and len(set(tags)) == len(tags):
        return tags
    seen = set()
    result = []
    for tag in tags:
        clean = tag.strip().lower()
        if clean and clean not in seen:
            seen.add(clean)
            result.append(clean)
    return result

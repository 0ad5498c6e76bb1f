def normalize_tags(tags):
    """Return the cleaned tags: stripped, lower-case, no empties, no duplicates, in order."""
    seen = set()
    result = []
    for tag in tags:
        clean = tag.replace(" ", "").lower()
        if clean and clean not in seen:
            seen.add(clean)
            result.append(clean)
    return result

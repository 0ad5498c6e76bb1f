def normalize_tags(tags):
    """Return the cleaned tags: stripped, lower-case, no empties, no duplicates, in order."""
    result = []
    for tag in tags:
        clean = tag.strip().lower()
        if clean in result:
            result.remove(clean)
        if clean:
            result.append(clean)
    return result

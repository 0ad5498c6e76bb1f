def normalize_tags(tags):
    """Return the cleaned tags: stripped, lower-case, no empties, no duplicates, in order."""
    # Your code here
    return None

def find_path(tree, name):
    """Return the list of names from the root to the node called name, or None."""
    if name in tree["name"]:
        return [tree["name"]]
    for child in tree["children"]:
        sub_path = find_path(child, name)
        if sub_path is not None:
            return [tree["name"]] + sub_path
    return None

def find_path(tree, name):
    """Return the list of names from the root to the node called name, or None."""
    if tree["name"] == name:
        return [tree["name"]]
    found = None
    for child in tree["children"]:
        sub_path = find_path(child, name)
        if sub_path is not None:
            found = [tree["name"]] + sub_path
    return found

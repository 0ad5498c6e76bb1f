def find_path(tree, name, path=None):
    if path is None:
        path = []
    path.append(tree["name"])
    if tree["name"] == name:
        return path
    for child in tree["children"]:
        found = find_path(child, name, path)
        if found is not None:
            return found
    return None

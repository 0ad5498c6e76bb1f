def find_path(tree, name):
    """Return the list of names from the root to the node called name, or None."""
    stack = [(tree, [tree["name"]])]
    while stack:
        node, path = stack.pop()
        if node["name"] == name:
            return path
        for child in node["children"]:
            stack.append((child, path + [child["name"]]))
    return None

def find_path(tree, name):
    """Return the list of names from the root to the node called name, or None."""
    queue = [(tree, [tree["name"]])]
    while queue:
        node, path = queue.pop(0)
        if node["name"] == name:
            return path
        for child in node["children"]:
            queue.append((child, path + [child["name"]]))
    return None

def find_path(tree, name):
    stack = [(tree, (tree["name"],))]
    while stack:
        node, trail = stack.pop()
        if node["name"] == name:
            return list(trail)
        for child in reversed(node["children"]):
            stack.append((child, trail + (child["name"],)))
    return None

def find_path(tree, name):
    stack = [(tree, [tree["name"]])]
    while stack:
        node, path = stack.pop()
        if node["name"] == name:
            return path
        for child in reversed(node["children"]):
            stack.append((child, path + [child["name"]]))
    return None

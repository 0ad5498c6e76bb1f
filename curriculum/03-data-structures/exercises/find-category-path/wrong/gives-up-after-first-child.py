def find_path(tree, name):
    if tree["name"] == name:
        return [tree["name"]]
    for child in tree["children"]:
        sub_path = find_path(child, name)
        if sub_path is None:
            return None
        return [tree["name"]] + sub_path
    return None

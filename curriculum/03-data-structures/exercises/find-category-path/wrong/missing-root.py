def find_path(tree, name):
    for child in tree["children"]:
        if child["name"] == name:
            return [child["name"]]
        sub_path = find_path(child, name)
        if sub_path is not None:
            return [child["name"]] + sub_path
    return None

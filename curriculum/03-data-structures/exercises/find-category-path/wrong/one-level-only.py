def find_path(tree, name):
    if tree["name"] == name:
        return [tree["name"]]
    for child in tree["children"]:
        if child["name"] == name:
            return [tree["name"], child["name"]]
    return None

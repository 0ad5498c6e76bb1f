import os


def store_upload(root, filename, data):
    name = filename.rsplit("/", 1)[-1]
    if name == "" or name[0] == ".":
        raise ValueError("refusing file name " + repr(name))
    os.makedirs(root, exist_ok=True)
    dot = name.rfind(".")
    if dot == -1:
        stem, ext = name, ""
    else:
        stem, ext = name[:dot], name[dot:]
    candidate = name
    number = 0
    while os.path.exists(os.path.join(root, candidate)):
        number += 1
        candidate = f"{stem}-{number}{ext}"
    with open(os.path.join(root, candidate), "wb") as handle:
        handle.write(data)
    return candidate

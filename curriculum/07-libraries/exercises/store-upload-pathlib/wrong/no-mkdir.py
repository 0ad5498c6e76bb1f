from pathlib import Path, PurePosixPath


def store_upload(root, filename, data):
    name = PurePosixPath(filename).name
    if not name or name.startswith("."):
        raise ValueError(f"refusing file name {name!r}")
    target = Path(root) / name
    counter = 1
    while target.exists():
        target = Path(root) / f"{Path(name).stem}-{counter}{Path(name).suffix}"
        counter += 1
    target.write_bytes(data)
    return target.name

from pathlib import Path, PurePosixPath


def store_upload(root, filename, data):
    name = PurePosixPath(filename).name
    if not name or name.startswith("."):
        raise ValueError(f"refusing file name {name!r}")
    folder = Path(root)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    target.write_bytes(data)
    return target.name

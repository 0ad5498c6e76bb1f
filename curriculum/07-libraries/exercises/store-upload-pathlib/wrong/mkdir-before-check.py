from pathlib import Path, PurePosixPath


def store_upload(root, filename, data):
    folder = Path(root)
    folder.mkdir(parents=True, exist_ok=True)
    name = PurePosixPath(filename).name
    if not name or name.startswith("."):
        raise ValueError(f"refusing file name {name!r}")
    stem, suffix = PurePosixPath(name).stem, PurePosixPath(name).suffix
    target = folder / name
    counter = 1
    while target.exists():
        target = folder / f"{stem}-{counter}{suffix}"
        counter += 1
    target.write_bytes(data)
    return target.name

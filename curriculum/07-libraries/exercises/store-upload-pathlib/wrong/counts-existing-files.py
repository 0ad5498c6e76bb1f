from pathlib import Path, PurePosixPath


def store_upload(root, filename, data):
    name = PurePosixPath(filename).name
    if not name or name.startswith("."):
        raise ValueError(f"refusing file name {name!r}")
    folder = Path(root)
    folder.mkdir(parents=True, exist_ok=True)
    path = PurePosixPath(name)
    target = folder / name
    if target.exists():
        copies = len(list(folder.glob(f"{path.stem}*{path.suffix}")))
        target = folder / f"{path.stem}-{copies}{path.suffix}"
    target.write_bytes(data)
    return target.name

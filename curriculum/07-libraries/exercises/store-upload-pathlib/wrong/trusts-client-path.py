from pathlib import Path


def store_upload(root, filename, data):
    if not filename or filename.startswith("."):
        raise ValueError(f"refusing file name {filename!r}")
    target = Path(root) / filename
    target.parent.mkdir(parents=True, exist_ok=True)
    counter = 1
    while target.exists():
        target = Path(root) / f"{Path(filename).stem}-{counter}{Path(filename).suffix}"
        counter += 1
    target.write_bytes(data)
    return target.name

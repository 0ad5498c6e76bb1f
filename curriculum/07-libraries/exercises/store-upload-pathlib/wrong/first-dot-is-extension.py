from pathlib import Path


def store_upload(root, filename, data):
    name = filename.split("/")[-1]
    if not name or name.startswith("."):
        raise ValueError(f"refusing file name {name!r}")
    folder = Path(root)
    folder.mkdir(parents=True, exist_ok=True)
    if "." in name:
        stem, ext = name.split(".", 1)
        ext = "." + ext
    else:
        stem, ext = name, ""
    target = folder / name
    n = 1
    while target.exists():
        target = folder / f"{stem}-{n}{ext}"
        n += 1
    target.write_bytes(data)
    return target.name

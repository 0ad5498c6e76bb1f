from itertools import count
from pathlib import Path, PurePosixPath


def store_upload(root, filename, data):
    wanted = PurePosixPath(filename.split("/")[-1])
    if str(wanted) in ("", ".") or wanted.name.startswith("."):
        raise ValueError(f"refusing file name {filename!r}")
    folder = Path(root)
    folder.mkdir(parents=True, exist_ok=True)
    for n in count():
        name = wanted.name if n == 0 else wanted.stem + f"-{n}" + wanted.suffix
        target = folder / name
        if not target.exists():
            target.write_bytes(data)
            return name

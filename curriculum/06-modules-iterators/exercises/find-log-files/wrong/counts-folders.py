from pathlib import Path


def find_logs(root):
    return sorted(p.relative_to(root).as_posix() for p in Path(root).rglob("*.log"))


def logs_size(root):
    return sum(p.stat().st_size for p in Path(root).rglob("*.log") if p.is_file())

from pathlib import Path


def find_logs(root):
    return sorted(str(p) for p in Path(root).rglob("*.log") if p.is_file())


def logs_size(root):
    return sum(p.stat().st_size for p in Path(root).rglob("*.log") if p.is_file())

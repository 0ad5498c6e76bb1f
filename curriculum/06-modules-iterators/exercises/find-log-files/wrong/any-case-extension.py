from pathlib import Path


def _log_files(root):
    return [path for path in Path(root).rglob("*") if path.is_file() and path.name.lower().endswith(".log")]


def find_logs(root):
    """Sorted list of .log files under root (any depth), as paths relative to root."""
    return sorted(path.relative_to(root).as_posix() for path in _log_files(root))


def logs_size(root):
    """Total size in bytes of the .log files under root."""
    return sum(path.stat().st_size for path in _log_files(root))

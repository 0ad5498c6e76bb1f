from pathlib import Path


def _log_files(root):
    return [path for path in Path(root).rglob("*.log") if path.is_file()]


def find_logs(root):
    """Sorted list of .log files under root (any depth), as paths relative to root."""
    return [path.as_posix() for path in sorted(path.relative_to(root) for path in _log_files(root))]


def logs_size(root):
    """Total size in bytes of the .log files under root."""
    return sum(path.stat().st_size for path in _log_files(root))

from pathlib import Path


def find_logs(root):
    """Sorted list of .log files under root (any depth), as paths relative to root."""
    # Your code here
    return None


def logs_size(root):
    """Total size in bytes of the .log files under root."""
    # Your code here
    return None

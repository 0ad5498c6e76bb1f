import os


def _walk(root):
    root = os.fspath(root)
    for folder, _dirs, files in os.walk(root):
        for name in files:
            if name.endswith(".log"):
                full = os.path.join(folder, name)
                yield os.path.relpath(full, root).replace(os.sep, "/"), full


def find_logs(root):
    return sorted(relative for relative, _ in _walk(root))


def logs_size(root):
    return sum(os.path.getsize(full) for _, full in _walk(root))

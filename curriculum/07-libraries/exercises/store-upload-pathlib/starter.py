from pathlib import Path, PurePosixPath


def store_upload(root, filename, data):
    """Save data under root with a safe, unused name; return the name used."""
    # Your code here
    return None

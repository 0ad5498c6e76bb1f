import json


def dump_payload(data):
    """Return canonical JSON text: sorted keys, compact, non-ASCII kept."""
    # Your code here
    return None


def load_payload(body):
    """Parse a request body; it must be a JSON object. Raise ValueError otherwise."""
    # Your code here
    return None

import json


def dump_payload(data):
    """Return canonical JSON text: sorted keys, compact, non-ASCII kept."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def load_payload(body):
    """Parse a request body; it must be a JSON object. Raise ValueError otherwise."""
    try:
        data = json.loads(body)
    except json.JSONDecodeError as error:
        raise ValueError(f"invalid JSON: {error.msg}") from None
    if not isinstance(data, dict):
        raise ValueError("payload must be a JSON object")
    return data

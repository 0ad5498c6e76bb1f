import json


def dump_payload(data):
    """Return canonical JSON text: sorted keys, compact, non-ASCII kept."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _refuse_constant(name):
    # json.loads calls this for NaN, Infinity and -Infinity: Python extensions, not JSON.
    raise ValueError(f"invalid JSON: {name} is not a JSON value")


def load_payload(body):
    """Parse a request body; it must be a JSON object. Raise ValueError otherwise."""
    try:
        data = json.loads(body, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise ValueError(f"invalid JSON: {error.msg}") from None
    if not isinstance(data, dict):
        raise ValueError("payload must be a JSON object")
    return data

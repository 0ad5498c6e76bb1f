import json


def dump_payload(data):
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def load_payload(body):
    try:
        value = json.loads(body)
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise ValueError("payload must be a JSON object")
    return value

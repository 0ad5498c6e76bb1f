import json


def dump_payload(data):
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def load_payload(body):
    data = json.loads(body)
    if not data or not isinstance(data, dict):
        raise ValueError("payload must be a non-empty JSON object")
    return data

import json


def dump_payload(data):
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def load_payload(body):
    data = json.loads(body)
    if not isinstance(data, dict):
        raise ValueError("payload must be a JSON object")
    return data

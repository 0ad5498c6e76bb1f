import json


def dump_payload(data):
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def load_payload(body):
    data = json.loads(body)
    if isinstance(data, (list, str)):
        raise ValueError("payload must be a JSON object")
    return data

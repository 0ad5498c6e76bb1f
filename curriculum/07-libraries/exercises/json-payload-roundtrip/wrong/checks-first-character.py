import json


def dump_payload(data):
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def load_payload(body):
    if not body.startswith("{"):
        raise ValueError("payload must be a JSON object")
    return json.loads(body)

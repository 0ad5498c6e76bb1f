import json


def dump_payload(data):
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def load_payload(body):
    try:
        return json.loads(body)
    except json.JSONDecodeError:
        raise ValueError("invalid JSON") from None

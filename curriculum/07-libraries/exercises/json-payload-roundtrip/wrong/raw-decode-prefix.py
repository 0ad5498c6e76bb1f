import json


def dump_payload(data):
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def load_payload(body):
    try:
        data, _end = json.JSONDecoder().raw_decode(body.strip())
    except json.JSONDecodeError as error:
        raise ValueError(f"invalid JSON: {error.msg}") from None
    if not isinstance(data, dict):
        raise ValueError("payload must be a JSON object")
    return data

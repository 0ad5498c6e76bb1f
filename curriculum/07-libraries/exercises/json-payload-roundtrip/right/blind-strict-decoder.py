import json


def dump_payload(data):
    encoder = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return encoder.encode(data)


def _constant(token):
    raise ValueError("invalid JSON: " + token + " is not allowed")


def load_payload(body):
    try:
        parsed = json.loads(body, parse_constant=_constant)
    except json.JSONDecodeError as err:
        raise ValueError("invalid JSON: " + str(err)) from None
    if isinstance(parsed, dict):
        return parsed
    raise ValueError("payload must be a JSON object")

from json import JSONDecoder, JSONEncoder

_encoder = JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _not_json(constant):
    raise ValueError(f"{constant} is not JSON")


_decoder = JSONDecoder(parse_constant=_not_json)


def dump_payload(data):
    return _encoder.encode(data)


def load_payload(body):
    try:
        value = _decoder.decode(body)
    except ValueError as error:
        raise ValueError("invalid JSON: " + str(error)) from error
    if type(value) is not dict:
        raise ValueError("payload must be a JSON object")
    return value

from json import JSONDecoder, JSONEncoder

_encoder = JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
_decoder = JSONDecoder()


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

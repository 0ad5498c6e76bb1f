from functools import wraps


def _problem(body, fields):
    if type(body) is not dict and not isinstance(body, dict):
        return 400, {"error": "body must be a JSON object"}
    for name in fields:
        expected = fields[name]
        if name not in body:
            return 422, {"error": "missing field", "field": name}
        value = body[name]
        ok = isinstance(value, expected)
        if isinstance(value, bool):
            ok = expected is bool
        if not ok:
            return 422, {"error": "wrong type", "field": name, "expected": expected.__name__}
    return None


def validate_body(**fields):
    def decorator(handler):
        @wraps(handler)
        def wrapper(body, *args, **kwargs):
            problem = _problem(body, fields)
            return problem if problem else handler(body, *args, **kwargs)

        return wrapper

    return decorator

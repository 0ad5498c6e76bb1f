import functools


def _has_type(value, expected):
    if isinstance(value, bool) and expected is not bool:
        return False
    if expected is float and isinstance(value, int):
        return True
    return isinstance(value, expected)


def validate_body(**fields):
    def decorator(handler):
        @functools.wraps(handler)
        def wrapper(body, *args, **kwargs):
            if not isinstance(body, dict):
                return 400, {"error": "body must be a JSON object"}
            for name, expected in fields.items():
                if name not in body:
                    return 422, {"error": "missing field", "field": name}
                if not _has_type(body[name], expected):
                    return 422, {"error": "wrong type", "field": name, "expected": expected.__name__}
            return handler(body, *args, **kwargs)

        return wrapper

    return decorator

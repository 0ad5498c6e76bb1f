import json


def public_user_json(raw):
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        raise ValueError("not valid JSON") from None
    if not isinstance(data, dict):
        raise ValueError("not an object")
    data.pop("password_hash", None)
    data["email"] = data["email"].lower()
    data.setdefault("name", None)
    data.setdefault("roles", [])
    return json.dumps(data, sort_keys=True)

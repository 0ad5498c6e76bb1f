import json


def public_user_json(raw):
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        raise ValueError("not valid JSON") from None
    if not isinstance(data, dict):
        raise ValueError("not an object")
    public = {
        "id": data["id"],
        "name": data["name"],
        "email": data["email"].lower(),
        "roles": data["roles"],
    }
    return json.dumps(public, sort_keys=True)

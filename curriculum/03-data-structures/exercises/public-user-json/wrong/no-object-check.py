import json


def public_user_json(raw):
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        raise ValueError("not valid JSON") from None
    public = {
        "id": data["id"],
        "name": data.get("name"),
        "email": data["email"].lower(),
        "roles": data.get("roles", []),
    }
    return json.dumps(public, sort_keys=True)

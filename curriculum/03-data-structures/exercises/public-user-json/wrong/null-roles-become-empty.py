import json
def public_user_json(raw):
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        raise ValueError("corrupt")
    if not isinstance(data, dict):
        raise ValueError("not an object")
    out = {"id": data["id"], "name": data.get("name"), "email": data["email"].lower(), "roles": data.get("roles") or []}
    return json.dumps(out, sort_keys=True)

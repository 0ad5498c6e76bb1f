import json


def public_user_json(raw):
    """Return the public JSON text for a stored user record given as JSON text."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ValueError(f"stored user record is not valid JSON: {error}") from None
    if isinstance(data, (list, str, int, float)):
        raise ValueError("stored user record must be a JSON object")
    public = {
        "id": data["id"],
        "name": data.get("name"),
        "email": data["email"].lower(),
        "roles": data.get("roles", []),
    }
    return json.dumps(public, sort_keys=True)

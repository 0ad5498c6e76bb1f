import json

PUBLIC = ("email", "id", "name", "roles")
DEFAULTS = {"name": None, "roles": []}


def public_user_json(raw):
    record = json.loads(raw)  # json.JSONDecodeError is a ValueError
    if type(record) is not dict:
        raise ValueError("a user record is a JSON object")
    public = {key: record.get(key, DEFAULTS.get(key)) for key in PUBLIC}
    public["email"] = public["email"].lower()
    return json.dumps(public, sort_keys=True)

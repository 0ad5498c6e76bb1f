import json
PUBLIC = ("id", "name", "email", "roles")
def public_user_json(raw):
    try:
        record = json.loads(raw)
    except (TypeError, ValueError) as error:
        raise ValueError("stored user record is not valid JSON") from error
    if type(record) is not dict:
        raise ValueError("stored user record is not a JSON object")
    public = {key: record.get(key) for key in PUBLIC}
    if "roles" not in record:
        public["roles"] = []
    public["email"] = public["email"].lower()
    return json.dumps(public, sort_keys=True)

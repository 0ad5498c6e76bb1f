class ValidationError(ValueError):
    pass
def validate_signup(payload):
    u = payload.get("username")
    if u is None: raise ValidationError("username is required")
    if not isinstance(u, str): raise ValidationError("username must be a string")
    u = u.strip()
    if not u: raise ValidationError("username is required")
    if not 3 <= len(u) <= 20: raise ValidationError("username must be 3 to 20 characters")
    e = payload.get("email")
    if e is None: raise ValidationError("email is required")
    if not isinstance(e, str): raise ValidationError("email must be a string")
    e = e.strip()
    if not e: raise ValidationError("email is required")
    if e.count("@") != 1: raise ValidationError("email is invalid")
    age = payload.get("age")
    if age is not None:
        if type(age) is not int: raise ValidationError("age must be a whole number")
        if age < 13: raise ValidationError("age must be at least 13")
    return {"username": u, "email": e.lower(), "age": age}

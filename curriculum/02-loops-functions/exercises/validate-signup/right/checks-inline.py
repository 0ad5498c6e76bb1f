class ValidationError(ValueError):
    """Something in the sign-up payload is not acceptable."""


def validate_signup(payload):
    """Validate and clean a sign-up payload (see the rules)."""
    name = payload.get("username")
    if name is None:
        raise ValidationError("username is required")
    elif not isinstance(name, str):
        raise ValidationError("username must be a string")
    elif not name.strip():
        raise ValidationError("username is required")
    name = name.strip()
    if len(name) < 3 or len(name) > 20:
        raise ValidationError("username must be 3 to 20 characters")

    mail = payload.get("email")
    if mail is None:
        raise ValidationError("email is required")
    elif not isinstance(mail, str):
        raise ValidationError("email must be a string")
    elif not mail.strip():
        raise ValidationError("email is required")
    mail = mail.strip().lower()
    if mail.count("@") != 1:
        raise ValidationError("email is invalid")

    age = payload.get("age")
    if age is not None and (type(age) is not int):
        raise ValidationError("age must be a whole number")
    if age is not None and age < 13:
        raise ValidationError("age must be at least 13")
    return {"username": name, "email": mail, "age": age}

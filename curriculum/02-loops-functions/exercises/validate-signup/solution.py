class ValidationError(ValueError):
    """Raised when a sign-up payload breaks a rule."""


def _text(payload, field):
    """The stripped text of field; raise when it is missing, null, not a string or blank."""
    value = payload.get(field)
    if value is None:
        raise ValidationError(f"{field} is required")
    if not isinstance(value, str):
        raise ValidationError(f"{field} must be a string")
    value = value.strip()
    if value == "":
        raise ValidationError(f"{field} is required")
    return value


def validate_signup(payload):
    """Return the cleaned sign-up data, or raise ValidationError at the first broken rule."""
    username = _text(payload, "username")
    if not 3 <= len(username) <= 20:
        raise ValidationError("username must be 3 to 20 characters")

    email = _text(payload, "email").lower()
    if email.count("@") != 1:
        raise ValidationError("email is invalid")

    age = payload.get("age")
    if age is not None:
        if isinstance(age, bool) or not isinstance(age, int):
            raise ValidationError("age must be a whole number")
        if age < 13:
            raise ValidationError("age must be at least 13")

    return {"username": username, "email": email, "age": age}

class ValidationError(ValueError):
    """Raised when a sign-up payload breaks a rule."""


def validate_signup(payload):
    email = payload.get("email")
    if email is None:
        raise ValidationError("email is required")
    if not isinstance(email, str):
        raise ValidationError("email must be a string")
    email = email.strip().lower()
    if email == "":
        raise ValidationError("email is required")
    if email.count("@") != 1:
        raise ValidationError("email is invalid")
    username = payload.get("username")
    if username is None:
        raise ValidationError("username is required")
    if not isinstance(username, str):
        raise ValidationError("username must be a string")
    username = username.strip()
    if username == "":
        raise ValidationError("username is required")
    if not 3 <= len(username) <= 20:
        raise ValidationError("username must be 3 to 20 characters")
    age = payload.get("age")
    if age is not None:
        if isinstance(age, bool) or not isinstance(age, int):
            raise ValidationError("age must be a whole number")
        if age < 13:
            raise ValidationError("age must be at least 13")
    return {"username": username, "email": email, "age": age}

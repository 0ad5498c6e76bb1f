class ValidationError(ValueError):
    """Raised when a sign-up payload breaks a rule."""


def validate_signup(payload):
    username = payload.get("username", "").strip()
    if username == "":
        raise ValueError("username is required")
    if not 3 <= len(username) <= 20:
        raise ValueError("username must be 3 to 20 characters")
    email = payload.get("email", "").strip().lower()
    if email == "":
        raise ValueError("email is required")
    if email.count("@") != 1:
        raise ValueError("email is invalid")
    age = payload.get("age")
    if age is not None:
        if isinstance(age, bool) or not isinstance(age, int):
            raise ValueError("age must be a whole number")
        if age < 13:
            raise ValueError("age must be at least 13")
    return {"username": username, "email": email, "age": age}

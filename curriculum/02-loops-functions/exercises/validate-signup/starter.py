class ValidationError(Exception):
    """Raised when a sign-up payload breaks a rule."""


def validate_signup(payload):
    """Return the cleaned sign-up data, or raise ValidationError at the first broken rule."""
    # Your code here
    return payload

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator


class SignupRequest(BaseModel):
    # Your fields here
    pass


def parse_signup(payload):
    """Validate a sign-up payload; return its data without the password."""
    # Your code here
    return None

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator


class SignupRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str
    username: str = Field(min_length=3, max_length=20, pattern=r"^[a-z0-9_]+$")
    password: str = Field(min_length=8)
    age: int | None = Field(default=None, ge=13)
    newsletter: bool = False

    @field_validator("email")
    @classmethod
    def normalise_email(cls, value):
        value = value.strip().lower()
        if not re.search(r"[^@]+@[^@]+\.[^@]+", value):
            raise ValueError("not a valid e-mail address")
        return value


def parse_signup(payload):
    return SignupRequest.model_validate(payload).model_dump(exclude={"password"})

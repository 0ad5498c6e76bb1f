import re
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

USERNAME = re.compile(r"[a-z0-9_]{3,20}")


class SignupRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str
    username: str
    password: str = Field(min_length=8)
    age: Optional[int] = None
    newsletter: bool = False

    @field_validator("email")
    @classmethod
    def email_shape(cls, value: str) -> str:
        value = value.strip().lower()
        parts = value.split("@")
        if len(parts) != 2 or parts[0] == "" or "." not in parts[1]:
            raise ValueError("not a valid e-mail address")
        return value

    @field_validator("username")
    @classmethod
    def username_shape(cls, value: str) -> str:
        if len(value) < 3:
            raise ValueError("String should have at least 3 characters")
        if USERNAME.fullmatch(value) is None:
            raise ValueError("3 to 20 of a-z, 0-9 and _")
        return value

    @field_validator("age")
    @classmethod
    def old_enough(cls, value):
        if value is not None and value < 13:
            raise ValueError("must be at least 13")
        return value


def parse_signup(payload):
    data = SignupRequest(**payload).model_dump()
    del data["password"]
    return data
